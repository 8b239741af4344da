package dev.portico.pipeline;

import io.vertx.core.Future;

/**
 * A step of a route's chain. Continue with {@code chain.next(ex)}, compose on its future to act
 * after the handler, or return early to short-circuit. Fail the future with a
 * {@link dev.portico.error.GatewayException} to answer with a problem; never write an error
 * response directly.
 */
public interface Filter {
  Future<Void> handle(Exchange exchange, Chain chain);

  /** The YAML key that enables this filter, e.g. {@code rateLimit}; shown by {@code portico routes}. */
  String name();
}
