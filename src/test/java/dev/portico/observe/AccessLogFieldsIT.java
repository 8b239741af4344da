package dev.portico.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access-log lines as configured: chosen fields, trace ids, identity, success sampling, no secrets. */
class AccessLogFieldsIT {
  static final String API_KEY = "ak-live-0123456789-topsecret";
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir
  Path dir;
  Path logFile;
  Vertx vertx;
  TestUpstream backend;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    logFile = dir.resolve("access.log");
  }

  @AfterEach
  void stop() {
    backend.close();
    vertx.close();
  }

  private TestGateway gateway(String accessLog, String extra) {
    return TestGateway.start("""
        accessLog: %s
        %s
        consumers:
          - { id: gold-app, tenant: acme, apiKey: "%s" }
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: keyed, match: { path: /keyed/** }, upstream: backend, auth: { apiKey: true } }
          - { id: items, match: { path: /items/** }, upstream: backend }
        """.formatted(accessLog.formatted(logFile), extra, API_KEY, backend.url()));
  }

  @Test
  void defaultFields_carryTraceIdsAndIdentity_butNoSecretFromHeadersOrQuery() throws Exception {
    HttpResponse<String> response;
    // An unreachable collector: exporting is irrelevant here, only the ids in the line matter.
    try (TestGateway gateway = gateway("{ path: \"%s\" }",
        "tracing: { sampling: 0%, otlp: { endpoint: \"http://127.0.0.1:9/v1/traces\", timeout: 100ms } }")) {
      response = Http.get(gateway.url("/keyed/1?api_key=query-secret-value&token=abc"),
          "X-API-Key", API_KEY, "Authorization", "Bearer bearer-secret-value", "Cookie", "session=cookie-secret",
          "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-00");
      assertThat(response.statusCode()).isEqualTo(200);
    }

    String text = Files.readString(logFile);
    assertThat(text).doesNotContain(API_KEY, "topsecret", "query-secret", "bearer-secret", "Bearer", "cookie-secret",
        "api_key", "token", "?");
    JsonObject line = new JsonObject(text.strip());
    assertThat(line.getString("path")).isEqualTo("/keyed/1");
    assertThat(line.getString("consumer")).isEqualTo("gold-app");
    assertThat(line.getString("tenant")).isEqualTo("acme");
    assertThat(line.getString("traceId")).isEqualTo(TRACE_ID);
    assertThat(line.getString("spanId")).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
    assertThat(line.getString("requestId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    // The upstream got the credentials: leaving them out of the log is deliberate.
    assertThat(backend.last().headers().get("Authorization")).isEqualTo("Bearer bearer-secret-value");
  }

  @Test
  void chosenFields_areTheOnlyOnesInTheLine_inTheirOrder() throws Exception {
    try (TestGateway gateway = gateway("{ path: \"%s\", fields: [status, time, requestId, route] }", "")) {
      Http.get(gateway.url("/items/1"));
    }

    String line = Files.readString(logFile).strip();
    assertThat(new JsonObject(line).fieldNames()).containsExactlyInAnyOrder("time", "requestId", "route", "status");
    assertThat(line).startsWith("{\"time\":");
  }

  @Test
  void tracingOff_leavesTraceIdsOut() throws Exception {
    try (TestGateway gateway = gateway("{ path: \"%s\" }", "")) {
      Http.get(gateway.url("/items/1"), "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
    }

    JsonObject line = new JsonObject(Files.readString(logFile).strip());
    assertThat(line.containsKey("traceId")).isFalse();
    assertThat(line.containsKey("spanId")).isFalse();
    assertThat(line.containsKey("consumer")).isFalse();
  }

  @Test
  void successSampling_keepsEveryError() throws Exception {
    TestUpstream closed = TestUpstream.echo(vertx, "closed");
    int closedPort = closed.port();
    closed.close();
    try (TestGateway gateway = TestGateway.start("""
        accessLog: { path: "%s", sampling: { successes: 0%% } }
        upstreams:
          backend: { targets: [%s] }
          gone: { targets: [http://127.0.0.1:%d] }
        routes:
          - { id: items, match: { path: /items/** }, upstream: backend }
          - { id: gone, match: { path: /gone }, upstream: gone }
        """.formatted(logFile, backend.url(), closedPort))) {
      for (int i = 0; i < 10; i++) {
        assertThat(Http.get(gateway.url("/items/" + i)).statusCode()).isEqualTo(200);
        assertThat(Http.get(gateway.url("/nowhere/" + i)).statusCode()).isEqualTo(404);
        // 502 while the target is tried, 503 once it is ejected: errors either way.
        assertThat(Http.get(gateway.url("/gone")).statusCode()).isIn(502, 503);
      }
    } // shutdown drains the writer

    List<JsonObject> lines = lines();
    assertThat(lines).hasSize(20).extracting(l -> l.getInteger("status")).allMatch(status -> status >= 400)
        .filteredOn(status -> status == 404).hasSize(10);
  }

  private List<JsonObject> lines() throws IOException {
    return Files.readAllLines(logFile).stream().map(JsonObject::new).toList();
  }
}
