package dev.portico.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogIT {
  @TempDir
  Path dir;
  Path logFile;
  Vertx vertx;
  TestUpstream backend;
  TestGateway gateway;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    logFile = dir.resolve("access.log");
    gateway = TestGateway.start("""
        accessLog: { enabled: true, path: "%s" }
        upstreams:
          backend: { targets: [%s] }
        routes:
          - id: items
            match: { path: /items/** }
            upstream: backend
        """.formatted(logFile, backend.url()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    backend.close();
    vertx.close();
  }

  @Test
  void writesOneJsonLinePerRequest_withTheResponsesRequestId() throws Exception {
    Instant before = Instant.now();
    HttpResponse<String> get = Http.get(gateway.url("/items/1"));
    HttpResponse<String> post = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/items")))
        .POST(HttpRequest.BodyPublishers.ofString("0123456789")));

    List<JsonObject> lines = awaitLines(2);

    assertThat(lines).hasSize(2);
    JsonObject first = lineWithRequestId(lines, get).orElseThrow();
    assertThat(Instant.parse(first.getString("time"))).isAfterOrEqualTo(before.minusSeconds(1));
    assertThat(first.getString("method")).isEqualTo("GET");
    assertThat(first.getString("path")).isEqualTo("/items/1");
    assertThat(first.getString("route")).isEqualTo("items");
    assertThat(first.getString("upstream")).contains("127.0.0.1:" + backend.port());
    assertThat(first.getInteger("status")).isEqualTo(200);
    assertThat(first.getString("code")).isNull();
    assertThat(first.getLong("bytesIn")).isZero();
    assertThat(first.getLong("bytesOut")).isEqualTo(get.body().length());
    assertThat(first.getDouble("durationMs")).isNotNegative();

    JsonObject second = lineWithRequestId(lines, post).orElseThrow();
    assertThat(second.getString("method")).isEqualTo("POST");
    assertThat(second.getLong("bytesIn")).isEqualTo(10);
    assertThat(second.getLong("bytesOut")).isEqualTo(post.body().length());
  }

  @Test
  void unmatchedRequest_isLoggedWithCodeNoRoute() throws Exception {
    HttpResponse<String> response = Http.get(gateway.url("/nowhere"));

    assertThat(response.statusCode()).isEqualTo(404);
    JsonObject line = lineWithRequestId(awaitLines(1), response).orElseThrow();
    assertThat(line.getInteger("status")).isEqualTo(404);
    assertThat(line.getString("code")).isEqualTo("no_route");
    assertThat(line.getString("path")).isEqualTo("/nowhere");
    assertThat(line.getString("route")).isNull();
    assertThat(line.getString("upstream")).isNull();
  }

  @Test
  void neverLogsQueryStringsOrAuthorizationValues() throws Exception {
    Http.get(gateway.url("/items/1?token=secret-in-query"), "Authorization", "Bearer secret-in-header");
    Http.get(gateway.url("/nowhere?token=secret-in-query"), "Authorization", "Basic c2VjcmV0LWluLWhlYWRlcg==");

    List<JsonObject> lines = awaitLines(2);

    assertThat(lines).extracting(line -> line.getString("path")).containsExactlyInAnyOrder("/items/1", "/nowhere");
    String text = Files.readString(logFile);
    assertThat(text).doesNotContain("secret", "token", "Bearer", "Basic", "c2VjcmV0", "?");
    // The upstream did get both, so the log's omission is deliberate, not lost data.
    assertThat(backend.last().uri()).isEqualTo("/items/1?token=secret-in-query");
    assertThat(backend.last().headers().get("Authorization")).isEqualTo("Bearer secret-in-header");
  }

  private static Optional<JsonObject> lineWithRequestId(List<JsonObject> lines, HttpResponse<String> response) {
    String id = response.headers().firstValue("X-Request-Id").orElseThrow();
    return lines.stream().filter(line -> id.equals(line.getString("requestId"))).findFirst();
  }

  /** Waits (bounded) for the writer thread to flush {@code count} lines, and parses every line. */
  private List<JsonObject> awaitLines(int count) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<String> lines = List.of();
    while (System.nanoTime() < deadline) {
      lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
      if (lines.size() >= count && Files.readString(logFile).endsWith("\n")) {
        break;
      }
      Thread.sleep(20);
    }
    return lines.stream().map(JsonObject::new).toList();
  }
}
