package dev.portico.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.runtime.ReloadResult;
import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestJwks;
import dev.portico.testing.TestTokens;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus text of a real gateway in front of real upstreams: names, labels and counts after
 * known traffic. Each test sends traffic to routes of its own, so the tests do not disturb each other.
 */
class MetricsIT {
  static final String GOLD_KEY = "gold-consumer-key-0123456789";
  static final String FREE_KEY = "free-consumer-key-0123456789";

  static Vertx vertx;
  static TestUpstream echo;
  static TestUpstream failing;
  static TestUpstream sick;
  static TestJwks jwks;
  static TestGateway gateway;
  static String yaml;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    echo = TestUpstream.echo(vertx, "echo");
    failing = TestUpstream.start(vertx, req -> req.response().setStatusCode(503).end("busy"));
    sick = TestUpstream.start(vertx, req -> req.response().setStatusCode(req.path().equals("/health") ? 503 : 200)
        .end("ok"));
    jwks = TestJwks.start(vertx, TestTokens.jwks(TestTokens.rsa("k1")));
    yaml = """
        plans:
          gold: { rateLimit: 100/h }
        consumers:
          - { id: gold-app, plan: gold, apiKey: "%s" }
          - { id: free-app, apiKey: "%s" }
        auth:
          jwt:
            main: { issuer: "%s", audiences: [shop], jwks: "%s", jwksRefresh: 1h }
        upstreams:
          echo: { targets: [%s] }
          retrying: { targets: [%s], retry: { attempts: 2, backoff: 1ms, onStatuses: [503] } }
          broken:
            targets: [%s]
            circuitBreaker: { failureRate: 50%%, window: 4, minimumCalls: 2, openFor: 1h, halfOpenCalls: 1 }
          sick:
            targets: [%s]
            health: { path: /health, interval: 50ms, timeout: 500ms, unhealthyThreshold: 2 }
        routes:
          - { id: plain, match: { path: /plain/** }, upstream: echo }
          - { id: keyed, match: { path: /keyed/** }, upstream: echo, auth: { apiKey: true, optional: true } }
          - { id: limited, match: { path: /limited/** }, upstream: echo, rateLimit: { per: ip, limit: 1/h } }
          - { id: retrying, match: { path: /retrying/** }, upstream: retrying }
          - { id: broken, match: { path: /broken/** }, upstream: broken }
          - { id: sick, match: { path: /sick/** }, upstream: sick }
          - { id: idle, match: { path: /idle/** }, upstream: echo }
        """.formatted(GOLD_KEY, FREE_KEY, TestTokens.ISSUER, jwks.url(), echo.url(), failing.url(), failing.url(),
        sick.url());
    gateway = TestGateway.start(yaml);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    jwks.close();
    echo.close();
    failing.close();
    sick.close();
    vertx.close();
  }

  @Test
  void requestsAreCountedByRouteMethodStatusClassAndTier_unknownMethodsAsOther() {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(gateway.url("/plain/item-" + i)).statusCode()).isEqualTo(200);
    }
    assertThat(Http.get(gateway.url("/keyed/a"), "X-API-Key", GOLD_KEY).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/keyed/a"), "X-API-Key", GOLD_KEY).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/keyed/a"), "X-API-Key", FREE_KEY).statusCode()).isEqualTo(200);
    assertThat(Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/plain/x")))
        .method("PURGE", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);

    String text = scrape();

    assertThat(sample(text, "portico_requests_seconds_count{method=\"GET\",route=\"plain\",status=\"2xx\",tier=\"anonymous\"}"))
        .isEqualTo(3);
    assertThat(sample(text, "portico_requests_seconds_count{method=\"other\",route=\"plain\",status=\"2xx\",tier=\"anonymous\"}"))
        .isEqualTo(1);
    assertThat(sample(text, "portico_requests_seconds_count{method=\"GET\",route=\"keyed\",status=\"2xx\",tier=\"gold\"}"))
        .isEqualTo(2);
    // A consumer without a plan is counted as anonymous: tiers are plans, never consumer ids.
    assertThat(sample(text, "portico_requests_seconds_count{method=\"GET\",route=\"keyed\",status=\"2xx\",tier=\"anonymous\"}"))
        .isEqualTo(1);
    assertThat(text).doesNotContain("gold-app", "free-app", "item-", "PURGE", GOLD_KEY);
    // Fixed SLO buckets: 13 bounds and +Inf per histogram.
    String bucket = "portico_requests_seconds_bucket{method=\"GET\",route=\"plain\",status=\"2xx\",tier=\"anonymous\",le=";
    assertThat(lines(text, bucket, "")).hasSize(14);
    assertThat(sample(text, bucket + "\"+Inf\"}")).isEqualTo(3);
    assertThat(sample(text, "portico_upstream_requests_seconds_count{route=\"plain\",upstream=\"echo\"}")).isEqualTo(4);
    assertThat(sample(text, "portico_upstream_requests_seconds_count{route=\"keyed\",upstream=\"echo\"}")).isEqualTo(3);
    assertThat(sample(text, "portico_open_connections")).isGreaterThanOrEqualTo(0);
    assertThat(sample(text, "portico_response_bytes_total{route=\"plain\"}")).isPositive();
  }

  @Test
  void requestBodyBytesAreCountedPerRoute() {
    String before = scrape();
    assertThat(Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/plain/upload")))
        .POST(HttpRequest.BodyPublishers.ofString("12345"))).statusCode()).isEqualTo(200);

    String after = scrape();

    assertThat(sample(after, "portico_request_bytes_total{route=\"plain\"}")
        - sample(before, "portico_request_bytes_total{route=\"plain\"}")).isEqualTo(5);
  }

  @Test
  void aRouteWithoutTrafficHasNoSeries() {
    assertThat(scrape()).doesNotContain("route=\"idle\"");
  }

  @Test
  void retriesAreCountedAndEveryUpstreamCallIsTimed() {
    assertThat(Http.get(gateway.url("/retrying/x")).statusCode()).isEqualTo(503);

    String text = scrape();

    assertThat(sample(text, "portico_upstream_retries_total{route=\"retrying\",upstream=\"retrying\"}")).isEqualTo(1);
    assertThat(sample(text, "portico_upstream_requests_seconds_count{route=\"retrying\",upstream=\"retrying\"}"))
        .isEqualTo(2);
    assertThat(sample(text, "portico_requests_seconds_count{method=\"GET\",route=\"retrying\",status=\"5xx\",tier=\"anonymous\"}"))
        .isEqualTo(1);
  }

  @Test
  void circuitStateIsAGaugePerTarget() {
    String series = "portico_circuit_state{target=\"127.0.0.1:" + failing.port() + "\",upstream=\"broken\"}";
    assertThat(sample(scrape(), series)).isEqualTo(0);
    for (int i = 0; i < 3; i++) {
      Http.get(gateway.url("/broken/x"));
    }

    assertThat(sample(scrape(), series)).isEqualTo(2);
  }

  @Test
  void healthIsAGaugePerTarget() {
    String sickSeries = "portico_target_healthy{target=\"127.0.0.1:" + sick.port() + "\",upstream=\"sick\"}";
    String echoSeries = "portico_target_healthy{target=\"127.0.0.1:" + echo.port() + "\",upstream=\"echo\"}";

    await(() -> sample(scrape(), sickSeries) == 0 && scrape().contains(sickSeries + " "));

    assertThat(sample(scrape(), echoSeries)).isEqualTo(1);
  }

  @Test
  void rateLimitDecisionsAreCounted() {
    String before = scrape();
    assertThat(Http.get(gateway.url("/limited/a")).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/limited/a")).statusCode()).isEqualTo(429);

    String after = scrape();

    String denied = "portico_ratelimit_decisions_total{decision=\"denied\"}";
    assertThat(sample(after, denied) - sample(before, denied)).isEqualTo(1);
  }

  @Test
  void jwksRefreshesAreCountedByIssuerAndOutcome() {
    await(() -> sample(scrape(), "portico_jwks_refreshes_total{issuer=\"main\",outcome=\"success\"}") >= 1);

    assertThat(sample(scrape(), "portico_jwks_refreshes_total{issuer=\"main\",outcome=\"failure\"}")).isEqualTo(0);
  }

  @Test
  void reloadsAreCountedByOutcomeAndTheAppliedVersionIsAGauge() throws Exception {
    String before = scrape();
    long version = gateway.gateway().snapshot().version();
    assertThat(sample(before, "portico_config_version")).isEqualTo(version);

    assertThat(reload().outcome()).isEqualTo(ReloadResult.Outcome.UNCHANGED);
    gateway.rewrite(yaml.replace("halfOpenCalls: 1 }", "halfOpenCalls: 1 }\n    nonsense: 1"));
    assertThat(reload().outcome()).isEqualTo(ReloadResult.Outcome.REJECTED);
    gateway.rewrite(yaml.replace("id: idle,", "id: idle2,"));
    assertThat(reload().outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);

    String after = scrape();
    for (String outcome : List.of("unchanged", "rejected", "applied")) {
      String series = "portico_config_reloads_total{outcome=\"" + outcome + "\"}";
      assertThat(sample(after, series) - sample(before, series)).as(outcome).isEqualTo(1);
    }
    assertThat(sample(after, "portico_config_version")).isEqualTo(version + 1);
    gateway.rewrite(yaml);
    assertThat(reload().outcome()).isEqualTo(ReloadResult.Outcome.APPLIED);
  }

  private static ReloadResult reload() throws Exception {
    return gateway.gateway().reload().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static String scrape() {
    return Http.get("http://127.0.0.1:" + gateway.adminPort() + "/metrics").body();
  }

  /** Polls a condition for up to 10 s: for state the gateway reaches on its own (health checks, JWKS fetch). */
  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not reached in 10 s").isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static List<String> lines(String scrape, String prefix, String suffix) {
    return Arrays.stream(scrape.split("\n")).filter(l -> l.startsWith(prefix) && l.contains(suffix)).toList();
  }

  /** The value of one series in a Prometheus text scrape, 0 when it is absent. */
  static double sample(String scrape, String series) {
    return Arrays.stream(scrape.split("\n"))
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst().orElse(0);
  }
}
