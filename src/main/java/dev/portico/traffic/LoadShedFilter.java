package dev.portico.traffic;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Refuses a route's requests with 503 at once while it already has its maximum in flight. The slot
 * is held until the response has been sent (or failed), whatever the chain does.
 */
public final class LoadShedFilter implements Filter {
  @Override
  public String name() {
    return "maxInFlight";
  }

  private final ConcurrencyLimit limit;
  private final Runnable onShed;

  public LoadShedFilter(ConcurrencyLimit limit, Runnable onShed) {
    this.limit = limit;
    this.onShed = onShed;
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    if (!limit.tryAcquire()) {
      onShed.run();
      return Future.failedFuture(new GatewayException(ErrorCode.OVERLOADED,
          "The route is at its limit of " + limit.max() + " requests in flight; retry shortly.",
          Map.of("Retry-After", "1")));
    }
    Future<Void> rest;
    try {
      rest = chain.next(exchange);
    } catch (RuntimeException e) {
      limit.release();
      throw e;
    }
    return rest.andThen(ar -> limit.release());
  }
}
