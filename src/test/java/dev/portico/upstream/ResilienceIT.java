package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Circuit breakers, retries and their budget, and target failure under load, against real upstreams. */
class ResilienceIT {
  final Vertx vertx = Vertx.vertx();
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    vertx.close();
  }

  private TestUpstream upstream(io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler) {
    TestUpstream u = TestUpstream.start(vertx, handler);
    closing.add(u);
    return u;
  }

  private TestGateway gateway(String yaml) {
    TestGateway g = TestGateway.start(yaml);
    closing.add(g);
    return g;
  }

  @Test
  void slowTargetTripsItsBreakerAndTrafficGoesToTheHealthyOneThenHalfOpenProbesBringItBack()
      throws Exception {
    AtomicBoolean slow = new AtomicBoolean(true);
    TestUpstream a = upstream(req -> {
      long delay = slow.get() ? 300 : 1;
      vertx.setTimer(delay, t -> req.response().end("a"));
    });
    TestUpstream b = upstream(req -> req.response().end("b"));
    TestGateway gateway = gateway("""
        upstreams:
          pair:
            targets: [%s, %s]
            circuitBreaker: { slowCallRate: 50%%, slowCall: 200ms, window: 10, minimumCalls: 3, openFor: 1s,
                              halfOpenCalls: 2 }
        routes:
          - { id: r, match: { path: /** }, upstream: pair }
        """.formatted(a.url(), b.url()));

    for (int i = 0; i < 30; i++) {
      assertThat(Http.get(gateway.url("/x")).statusCode()).isEqualTo(200);
    }
    // Round robin sends every other call to a until 3 slow calls open its breaker.
    assertThat(a.started()).isEqualTo(3);
    assertThat(b.started()).isEqualTo(27);
    assertThat(Http.get("http://127.0.0.1:" + gateway.adminPort() + "/metrics").body())
        .contains("portico_circuit_transitions_total{target=\"127.0.0.1:" + a.port() + "\",to=\"open\",upstream=\"pair\"} 1.0");

    slow.set(false);
    Thread.sleep(1100);
    for (int i = 0; i < 20; i++) {
      assertThat(Http.get(gateway.url("/x")).statusCode()).isEqualTo(200);
    }
    assertThat(a.started()).as("probes passed and a is back in rotation").isGreaterThanOrEqualTo(3 + 2 + 5);
  }

  @Test
  void idempotentGetIsRetriedOnAnotherTargetAfter503AndTheFailingTargetIsEjected() {
    TestUpstream failing = upstream(req -> req.response().setStatusCode(503).end("busy"));
    TestUpstream healthy = upstream(req -> req.response().end("ok"));
    TestGateway gateway = gateway("""
        upstreams:
          pair: { targets: [%s, %s], retry: { attempts: 2, backoff: 1ms } }
        routes:
          - { id: r, match: { path: /** }, upstream: pair }
        """.formatted(failing.url(), healthy.url()));
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = Http.get(gateway.url("/x"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok");
    }
    assertThat(healthy.started()).isEqualTo(10);
    // Five 503s in a row eject the failing target for a while: it stops getting first attempts.
    assertThat(failing.started()).isBetween(1, 5);
  }

  @Test
  void postIsNeverRetriedOnceSent() {
    TestUpstream failing = upstream(req -> req.response().setStatusCode(503).end());
    TestUpstream alsoFailing = upstream(req -> req.response().setStatusCode(503).end());
    TestGateway gateway = gateway("""
        upstreams:
          pair: { targets: [%s, %s], retry: { attempts: 3, backoff: 1ms, onStatuses: [503] } }
        routes:
          - { id: r, match: { path: /** }, upstream: pair }
        """.formatted(failing.url(), alsoFailing.url()));
    for (int i = 0; i < 6; i++) {
      HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(gateway.url("/orders")))
          .POST(i % 2 == 0 ? HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}") : HttpRequest.BodyPublishers.noBody());
      assertThat(Http.send(post).statusCode()).isEqualTo(503);
    }
    assertThat(failing.started() + alsoFailing.started()).isEqualTo(6);
  }

  @Test
  void retriesNeverExceedTheBudget() {
    TestUpstream failing = upstream(req -> req.response().setStatusCode(503).end());
    TestGateway gateway = gateway("""
        upstreams:
          down: { targets: [%s], retry: { attempts: 3, backoff: 0ms, budget: 20%%, minRetriesPerSecond: 0 } }
        routes:
          - { id: r, match: { path: /** }, upstream: down }
        """.formatted(failing.url()));
    for (int i = 0; i < 50; i++) {
      assertThat(Http.get(gateway.url("/x")).statusCode()).isEqualTo(503);
    }
    // 50 requests, and at most 20% of them again, although each could have been tried 3 times.
    assertThat(failing.started()).isBetween(55, 60);
  }

  @Test
  void activeHealthChecksTakeAFailingTargetOutOfRotation() throws Exception {
    TestUpstream sick = upstream(req -> req.response().setStatusCode(req.path().equals("/health") ? 503 : 200)
        .end("sick"));
    TestUpstream well = upstream(req -> req.response().end("well"));
    TestGateway gateway = gateway("""
        upstreams:
          pair:
            targets: [%s, %s]
            health: { path: /health, interval: 50ms, timeout: 500ms, unhealthyThreshold: 2 }
        routes:
          - { id: r, match: { path: /api/** }, upstream: pair }
        """.formatted(sick.url(), well.url()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sick.received().stream().filter(r -> r.uri().equals("/health")).count() < 2) {
      assertThat(System.nanoTime()).as("health checks run").isLessThan(deadline);
      Thread.sleep(10);
    }
    Thread.sleep(100);
    for (int i = 0; i < 10; i++) {
      assertThat(Http.get(gateway.url("/api/x")).body()).isEqualTo("well");
    }
    JsonObject sickTarget = new JsonObject(gateway.adminGet("/upstreams").body())
        .getJsonObject("pair").getJsonArray("targets").getJsonObject(0);
    assertThat(sickTarget.getBoolean("healthy")).isFalse();
    assertThat(sickTarget.getBoolean("available")).isFalse();
    assertThat(sickTarget.getString("circuit")).isEqualTo("none");
  }

  @Test
  void killingOneOfTwoTargetsUnderLoadFailsAtMostTheRequestsInFlightOnIt() throws Exception {
    TestUpstream doomed = upstream(req -> vertx.setTimer(2, t -> req.response().end("doomed")));
    TestUpstream survivor = upstream(req -> vertx.setTimer(2, t -> req.response().end("survivor")));
    TestGateway gateway = gateway("""
        upstreams:
          pair: { targets: [%s, %s], connectTimeout: 500ms }
        routes:
          - { id: r, match: { path: /** }, upstream: pair }
        """.formatted(doomed.url(), survivor.url()));
    int clients = 4;
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      loops.add(pool.submit(() -> {
        while (running.get()) {
          if (Http.get(gateway.url("/x")).statusCode() == 200) {
            ok.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
        }
      }));
    }
    Thread.sleep(500);
    doomed.close();
    int okAtKill = ok.get();
    Thread.sleep(1500);
    running.set(false);
    for (Future<?> loop : loops) {
      loop.get(10, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(ok.get()).as("traffic went on after the kill").isGreaterThan(okAtKill + 50);
    assertThat(failed.get()).as("only requests in flight on the killed target").isLessThanOrEqualTo(clients);
  }
}
