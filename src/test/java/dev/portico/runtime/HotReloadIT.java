package dev.portico.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rewrites the watched config file while clients keep sending requests. Each valid version
 * rewrites every request to {@code /v<N>} on the echo upstream, so a response names the version
 * that served it; each invalid one would rewrite to {@code /bad<N>} if it ever took effect.
 */
class HotReloadIT {
  private static final int CLIENT_THREADS = 3;
  private static final Duration WAIT = Duration.ofSeconds(10);

  Vertx vertx;
  TestUpstream blue;
  TestUpstream green;
  TestGateway gateway;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    blue = TestUpstream.echo(vertx, "blue");
    green = TestUpstream.echo(vertx, "green");
    gateway = TestGateway.start(valid(0));
  }

  @AfterEach
  void stop() {
    gateway.close();
    blue.close();
    green.close();
    vertx.close();
  }

  /**
   * Version {@code n}: its own upstream name, alternating between two backends, so every reload
   * also retires the previous upstream while requests to it may be in flight.
   */
  String valid(int n) {
    TestUpstream backend = n % 2 == 0 ? blue : green;
    return """
        upstreams:
          u%1$d: { targets: [%2$s] }
        routes:
          - id: svc
            match: { path: /svc/** }
            upstream: u%1$d
            rewrite: { path: /v%1$d }
        """.formatted(n, backend.url());
  }

  /** Three ways to be wrong; each would route to /bad{n} if applied. */
  String invalid(int n) {
    return switch (n % 3) {
      case 0 -> valid(n).replace("rewrite: { path: /v" + n + " }", "rewrite: { path: /bad" + n + " }")
          .replace("upstream: u" + n, "upstrem: u" + n);
      case 1 -> valid(n).replace("/v" + n, "/bad" + n).replace("upstream: u" + n, "upstream: missing");
      default -> valid(n).replace("/v" + n, "/bad" + n).replace("/svc/**", "\"/svc/{id\"");
    };
  }

  @Test
  void twentyRewritesUnderLoad_failNoRequest_andNeverApplyAnInvalidVersion() throws Exception {
    Set<String> served = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong requests = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < CLIENT_THREADS; t++) {
      Thread thread = new Thread(() -> {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/svc/x")))
            .timeout(Duration.ofSeconds(10)).build();
        while (running.get()) {
          try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            requests.incrementAndGet();
            if (response.statusCode() != 200) {
              failures.add(response.statusCode() + " " + response.body());
            } else {
              served.add(new JsonObject(response.body()).getString("uri"));
            }
          } catch (Exception e) {
            failures.add(e.toString());
          }
        }
      }, "client-" + t);
      thread.start();
      clients.add(thread);
    }

    long rejectedBefore = rejectedReloads();
    List<String> expectedServed = new ArrayList<>(List.of("/v0"));
    for (int i = 1; i <= 20; i++) {
      long version = readyVersion();
      if (i % 2 == 1) {
        long rejected = rejectedReloads();
        gateway.rewrite(invalid(i));
        awaitTrue(() -> rejectedReloads() > rejected, "rewrite " + i + " (invalid) to be rejected");
        assertThat(readyVersion()).as("version after invalid rewrite %d", i).isEqualTo(version);
      } else {
        gateway.rewrite(valid(i));
        awaitTrue(() -> readyVersion() != version, "rewrite " + i + " (valid) to be applied");
        expectedServed.add("/v" + i);
      }
      long seen = requests.get();
      awaitTrue(() -> requests.get() > seen + CLIENT_THREADS, "requests to continue after rewrite " + i);
    }
    running.set(false);
    for (Thread thread : clients) {
      thread.join(WAIT.toMillis());
    }

    assertThat(failures).as("failed requests out of %d", requests.get()).isEmpty();
    assertThat(served).isSubsetOf(expectedServed);
    assertThat(new JsonObject(Http.get(gateway.url("/svc/x")).body()).getString("uri")).isEqualTo("/v20");
    assertThat(rejectedReloads() - rejectedBefore).isGreaterThanOrEqualTo(10);
  }

  @Test
  void invalidRewrite_keepsOldRoutesServing_andReloadReportsFileLineColumn() throws Exception {
    long rejected = rejectedReloads();
    long version = readyVersion();
    gateway.rewrite(valid(0)
        .replace("rewrite: {", "rewrte: {")
        .replace("upstream: u0", "upstream: u9"));
    awaitTrue(() -> rejectedReloads() > rejected, "the watcher to reject the file");

    HttpResponse<String> reload = gateway.adminSend(HttpRequest.newBuilder(URI.create(admin("/reload")))
        .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(reload.statusCode()).isEqualTo(422);
    JsonObject body = new JsonObject(reload.body());
    assertThat(body.getString("outcome")).isEqualTo("rejected");
    JsonArray errors = body.getJsonArray("errors");
    String file = gateway.file().toString();
    // TestGateway prepends four lines (listen, admin, accessLog, eventLoops).
    assertThat(errors).containsExactly(
        file + ":10:15: routes[0].upstream: \"u9\" is not a defined upstream (did you mean \"u0\"?)",
        file + ":11:5: routes[0].rewrte: unknown key (did you mean \"rewrite\"?)");
    assertThat(readyVersion()).isEqualTo(version);
    HttpResponse<String> response = Http.get(gateway.url("/svc/still"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("uri")).isEqualTo("/v0");
  }

  @Test
  void inPlaceWrite_isApplied() throws Exception {
    long version = readyVersion();

    // Truncate and write the same inode, as `cat > file` or many editors do.
    Files.writeString(gateway.file(), Files.readString(gateway.file()).replace("/v0", "/v1"));

    awaitTrue(() -> readyVersion() != version, "the in-place write to be applied");
    assertThat(new JsonObject(Http.get(gateway.url("/svc/x")).body()).getString("uri")).isEqualTo("/v1");
  }

  @Test
  void symlinkSwap_isApplied(@TempDir Path dir) throws Exception {
    // The Kubernetes ConfigMap layout: the watched path is a symlink that is atomically re-pointed.
    Path v1 = Files.writeString(dir.resolve("v1.yaml"), Files.readString(gateway.file()));
    Path v2 = Files.writeString(dir.resolve("v2.yaml"), Files.readString(gateway.file()).replace("/v0", "/v2"));
    Path link = Files.createSymbolicLink(dir.resolve("portico.yaml"), v1.getFileName());
    Gateway linked = Gateway.start(link);
    try {
      long version = linked.snapshot().version();
      Path next = Files.createSymbolicLink(dir.resolve("portico.yaml.next"), v2.getFileName());

      Files.move(next, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

      awaitTrue(() -> linked.snapshot().version() != version, "the symlink swap to be applied");
      String uri = new JsonObject(Http.get("http://127.0.0.1:" + linked.port() + "/svc/x").body()).getString("uri");
      assertThat(uri).isEqualTo("/v2");
    } finally {
      linked.shutdown().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private String admin(String path) {
    return "http://127.0.0.1:" + gateway.adminPort() + path;
  }

  private long readyVersion() {
    return new JsonObject(Http.get(admin("/ready")).body()).getLong("configVersion");
  }

  private long rejectedReloads() {
    String series = "portico_config_reloads_total{outcome=\"rejected\"} ";
    return Http.get(admin("/metrics")).body().lines()
        .filter(line -> line.startsWith(series))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(series.length())))
        .findFirst().orElse(0);
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + WAIT + " waiting for " + what);
      }
      Thread.sleep(25);
    }
  }
}
