package dev.portico.proxy;

import dev.portico.config.HashKey;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Handler;
import dev.portico.runtime.Route;
import dev.portico.upstream.Target;
import dev.portico.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Forwards a request to one target of the route's upstream and streams both bodies with
 * backpressure. A target that refuses the connection is ejected and the request goes to another
 * one: nothing was sent yet, so this is safe for any method.
 */
public final class ProxyHandler implements Handler {
  private static final int MAX_CONNECT_ATTEMPTS = 2;

  @Override
  public Future<Void> handle(Exchange exchange) {
    Route route = exchange.route();
    Upstream upstream = route.upstream();
    String hashKey = hashKeyFor(upstream, exchange);
    Target target = upstream.choose(hashKey, null);
    if (target == null) {
      return Future.failedFuture(new GatewayException(ErrorCode.NO_HEALTHY_UPSTREAM,
          "No target of upstream '" + upstream.name() + "' is available."));
    }
    Promise<Void> done = Promise.promise();
    new ProxyCall(exchange, route, upstream, hashKey, done).attempt(target, MAX_CONNECT_ATTEMPTS);
    return done.future();
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
