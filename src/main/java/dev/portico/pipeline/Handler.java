package dev.portico.pipeline;

import io.vertx.core.Future;

/**
 * The end of a route's chain: it produces the response (proxy or aggregate, later static). The
 * future completes when the response has been fully written, or fails if no response was sent.
 */
public interface Handler {
  Future<Void> handle(Exchange exchange);

  /** {@code proxy} or {@code aggregate}; shown by {@code portico routes}. */
  String name();
}
