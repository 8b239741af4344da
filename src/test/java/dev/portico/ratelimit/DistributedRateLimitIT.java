package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.GatewayProcess;
import dev.portico.testing.Http;
import dev.portico.testing.RedisServerProcess;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limits shared by several gateway instances through a real redis-server. */
class DistributedRateLimitIT {
  Vertx vertx;
  TestUpstream upstream;
  RedisServerProcess redis;
  final List<AutoCloseable> gateways = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.echo(vertx, "orders");
    redis = RedisServerProcess.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable g : gateways) {
      g.close();
    }
    redis.close();
    upstream.close();
    vertx.close();
  }

  /** Deadlines are generous: this test is about exactness on a loaded 2-core machine, not latency. */
  private String config(String failMode, String limit) {
    return """
        cluster:
          redis: { url: "%s", commandTimeout: 1s, healthCheckInterval: 200ms }
        rateLimits: { store: redis, failMode: %s, timeout: 1s }
        upstreams:
          orders: { targets: [%s] }
        routes:
          - id: orders
            match: { path: /api/orders/** }
            upstream: orders
            rateLimit: { per: ip, limit: %s }
        """.formatted(redis.url(), failMode, upstream.url(), limit);
  }

  @Test
  void threeGatewayProcessesTogetherAllowExactlyTheLimit() throws Exception {
    int limit = 60;
    List<GatewayProcess> three = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GatewayProcess g = GatewayProcess.start(config("closed", limit + "/h"), "-Xmx128m");
      gateways.add(g);
      three.add(g);
    }
    // Every spelling below is the same route and the same client: none may open a new bucket.
    String[] spellings = {"/api/orders/1", "/api/orders/1/", "/api/orders/1?page=2", "/api/orders//1",
        "/api/orders/./1", "/api/orders/%31"};
    AtomicInteger allowed = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    List<Future<?>> runs = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      int client = c;
      runs.add(clients.submit(() -> {
        for (int i = 0; i < 40; i++) {
          GatewayProcess g = three.get((client + i) % 3);
          String path = spellings[(client * 7 + i) % spellings.length];
          HttpResponse<String> r = Http.get(g.url(path), "X-Forwarded-For", "198.51.100." + i);
          switch (r.statusCode()) {
            case 200 -> allowed.incrementAndGet();
            case 429 -> refused.incrementAndGet();
            default -> {
              other.incrementAndGet();
              unexpected.add(r.statusCode() + " " + r.body());
            }
          }
        }
      }));
    }
    for (Future<?> run : runs) {
      run.get(60, TimeUnit.SECONDS);
    }
    clients.shutdown();
    assertThat(unexpected).isEmpty();
    assertThat(other.get()).isZero();
    assertThat(allowed.get()).isEqualTo(limit);
    assertThat(refused.get()).isEqualTo(240 - limit);
    assertThat(upstream.received()).hasSize(limit);
  }

  @Test
  void remainingCountsGoDownAcrossInstances() {
    TestGateway a = TestGateway.start(config("closed", "10/h"));
    gateways.add(a);
    TestGateway b = TestGateway.start(config("closed", "10/h"));
    gateways.add(b);
    assertThat(Http.get(a.url("/api/orders/1")).headers().firstValue("RateLimit")).hasValueSatisfying(
        v -> assertThat(v).startsWith("\"10-per-h\";r=9;"));
    assertThat(Http.get(b.url("/api/orders/1")).headers().firstValue("RateLimit")).hasValueSatisfying(
        v -> assertThat(v).startsWith("\"10-per-h\";r=8;"));
  }

  @Test
  void redisDownFailsOpenOnTheLocalLimiterAndSharingResumesWhenItReturns() throws Exception {
    TestGateway a = TestGateway.start(config("open", "4/h"));
    gateways.add(a);
    TestGateway b = TestGateway.start(config("open", "4/h"));
    gateways.add(b);
    assertThat(Http.get(a.url("/api/orders/1")).statusCode()).isEqualTo(200);
    assertThat(Http.get(b.url("/api/orders/1")).statusCode()).isEqualTo(200);

    redis.kill();
    // Each instance now decides alone, on its own local buckets; no request hangs (Http has a timeout).
    for (int i = 0; i < 4; i++) {
      assertThat(Http.get(a.url("/api/orders/1")).statusCode()).isEqualTo(200);
    }
    assertThat(Http.get(a.url("/api/orders/1")).statusCode()).isEqualTo(429);

    redis.restart();
    awaitShared(a);
    // Redis restarted empty: the shared bucket is full again, and both instances draw on it.
    int allowed = 0;
    for (int i = 0; i < 5; i++) {
      allowed += Http.get((i % 2 == 0 ? a : b).url("/api/orders/1")).statusCode() == 200 ? 1 : 0;
    }
    assertThat(allowed).isEqualTo(4);
  }

  @Test
  void redisDownFailsClosedWith503AtOnce() throws Exception {
    TestGateway a = TestGateway.start(config("closed", "100/h"));
    gateways.add(a);
    assertThat(Http.get(a.url("/api/orders/1")).statusCode()).isEqualTo(200);
    redis.kill();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = Http.get(a.url("/api/orders/1"));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("rate_limiter_unavailable");
    }
  }

  /** Waits until the gateway's Redis connection is back (the admin status says so). */
  private static void awaitShared(TestGateway gateway) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!gateway.adminGet("/revocations/status").body()
        .replace(" ", "").contains("\"state\":\"UP\"")) {
      assertThat(System.nanoTime()).as("Redis reconnected").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
