package dev.portico.demo;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Base of the three demo services: a request handler with a name and a small simulated latency.
 * The latency is a timer on the event loop, never a sleep.
 */
abstract class ShopService implements Handler<HttpServerRequest> {

  private final Vertx vertx;
  private final String name;
  private final int baseLatencyMs;
  private final int jitterMs;

  ShopService(Vertx vertx, String name, int baseLatencyMs, int jitterMs) {
    this.vertx = vertx;
    this.name = name;
    this.baseLatencyMs = baseLatencyMs;
    this.jitterMs = jitterMs;
  }

  final String name() {
    return name;
  }

  /** Runs {@code reply} after the service's simulated processing time. */
  final void later(Runnable reply) {
    long delay = baseLatencyMs + (jitterMs > 0 ? ThreadLocalRandom.current().nextInt(jitterMs + 1) : 0);
    vertx.setTimer(Math.max(1, delay), timerId -> reply.run());
  }
}
