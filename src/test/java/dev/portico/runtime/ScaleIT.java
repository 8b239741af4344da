package dev.portico.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A gateway with 10,000 routes: it loads, routes, and reloads to another 10,000 under load. */
class ScaleIT {
  private static final int ROUTES = 10_000;
  private static final int UPSTREAMS = 3;

  static Vertx vertx;
  static List<TestUpstream> backends = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    for (int u = 0; u < UPSTREAMS; u++) {
      backends.add(TestUpstream.echo(vertx, "backend-" + u));
    }
  }

  @AfterAll
  static void stop() {
    backends.forEach(TestUpstream::close);
    vertx.close();
  }

  /**
   * {@code prefix{i}/**} to upstream {@code u(i % 3)} for every i, plus the route {@code measured}
   * ({@code /measured}), which rewrites to {@code measuredTarget}.
   */
  static String config(String prefix, String measuredTarget) {
    StringBuilder yaml = new StringBuilder(ROUTES * 80).append("upstreams:\n");
    for (int u = 0; u < UPSTREAMS; u++) {
      yaml.append("  u").append(u).append(": { targets: [").append(backends.get(u).url()).append("] }\n");
    }
    yaml.append("routes:\n")
        .append("  - { id: measured, match: { path: /measured }, upstream: u0, rewrite: { path: ")
        .append(measuredTarget).append(" } }\n");
    for (int i = 0; i < ROUTES; i++) {
      yaml.append("  - { id: ").append(prefix).append(i).append(", match: { path: /").append(prefix).append(i)
          .append("/** }, upstream: u").append(i % UPSTREAMS).append(" }\n");
    }
    return yaml.toString();
  }

  @Test
  void tenThousandRoutes_loadAndRouteFirstMiddleAndLast() {
    try (TestGateway gateway = TestGateway.start(config("svc", "/m1"))) {
      assertThat(gateway.gateway().snapshot().config().routes()).hasSize(ROUTES + 1);
      for (int i : new int[] {0, 1, ROUTES / 2, ROUTES - 1}) {
        HttpResponse<String> response = Http.get(gateway.url("/svc" + i + "/items/" + i + "?q=1"));
        assertThat(response.statusCode()).as("route svc%d", i).isEqualTo(200);
        JsonObject echo = new JsonObject(response.body());
        assertThat(echo.getString("name")).isEqualTo("backend-" + (i % UPSTREAMS));
        assertThat(echo.getString("uri")).isEqualTo("/svc" + i + "/items/" + i + "?q=1");
      }
      assertThat(Http.get(gateway.url("/svc" + ROUTES + "/x")).statusCode()).isEqualTo(404);
      assertThat(Http.get(gateway.url("/svc12/x")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void reloadToAnotherTenThousandRoutes_underLoad_failsNoRequest() throws Exception {
    try (TestGateway gateway = TestGateway.start(config("svc", "/m1"))) {
      long version = gateway.gateway().snapshot().version();
      Set<String> served = ConcurrentHashMap.newKeySet();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      AtomicLong requests = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread thread = new Thread(() -> {
          HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/measured")))
              .timeout(Duration.ofSeconds(10)).build();
          while (running.get()) {
            try {
              HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
              requests.incrementAndGet();
              if (response.statusCode() == 200) {
                served.add(new JsonObject(response.body()).getString("uri"));
              } else {
                failures.add(response.statusCode() + " " + response.body());
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
          }
        }, "load-" + t);
        thread.start();
        threads.add(thread);
      }
      awaitTrue(() -> requests.get() > 10);

      gateway.rewrite(config("api", "/m2"));
      awaitTrue(() -> gateway.gateway().snapshot().version() != version);
      long afterSwap = requests.get();
      awaitTrue(() -> requests.get() > afterSwap + 10);
      running.set(false);
      for (Thread thread : threads) {
        thread.join(10_000);
      }

      assertThat(failures).as("failed out of %d requests", requests.get()).isEmpty();
      assertThat(served).containsExactlyInAnyOrder("/m1", "/m2");
      assertThat(Http.get(gateway.url("/api" + (ROUTES - 1) + "/x")).statusCode()).isEqualTo(200);
      assertThat(Http.get(gateway.url("/svc0/x")).statusCode()).isEqualTo(404);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
