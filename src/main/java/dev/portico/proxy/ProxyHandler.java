package dev.portico.proxy;

import dev.portico.config.HashKey;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Handler;
import dev.portico.runtime.Route;
import dev.portico.transform.UpstreamEdits;
import dev.portico.upstream.Target;
import dev.portico.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;

/**
 * Forwards a request to one target of the route's upstream and streams both bodies with
 * backpressure. A target that refuses the connection is ejected and the request goes to another
 * one: nothing was sent yet, so this is safe for any method. Targets whose circuit breaker is open
 * are skipped; an upstream at its in-flight cap answers 503 at once.
 */
public final class ProxyHandler implements Handler {
  @Override
  public String name() {
    return "proxy";
  }


  @Override
  public Future<Void> handle(Exchange exchange) {
    Route route = exchange.route();
    Upstream upstream = UpstreamEdits.upstreamOf(exchange, route.upstream());
    String hashKey = hashKeyFor(upstream, exchange);
    if (!upstream.tryAcquireSlot()) {
      return Future.failedFuture(new GatewayException(ErrorCode.OVERLOADED,
          "Upstream '" + upstream.name() + "' is at its limit of requests in flight; retry shortly.",
          Map.of("Retry-After", "1")));
    }
    upstream.retryBudget().requestStarted();
    Target target = upstream.chooseAdmitted(hashKey, null);
    if (target == null) {
      upstream.releaseSlot();
      return Future.failedFuture(upstream.anyCircuitOpen()
          ? new GatewayException(ErrorCode.CIRCUIT_OPEN,
              "Upstream '" + upstream.name() + "' is failing; its circuit breaker is open.")
          : new GatewayException(ErrorCode.NO_HEALTHY_UPSTREAM,
              "No target of upstream '" + upstream.name() + "' is available."));
    }
    Promise<Void> done = Promise.promise();
    new ProxyCall(exchange, route, upstream, hashKey, done)
        .attempt(target, upstream.config().resilience().retry().attempts());
    return done.future().andThen(ar -> upstream.releaseSlot());
  }

  private static String hashKeyFor(Upstream upstream, Exchange exchange) {
    HashKey key = upstream.config().hashOn();
    if (key == null) {
      return null;
    }
    return key.kind() == HashKey.Kind.CLIENT_IP
        ? exchange.clientIp()
        : exchange.request().getHeader(key.headerName());
  }
}
