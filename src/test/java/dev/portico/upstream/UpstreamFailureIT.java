package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What clients get when upstreams refuse, stall or break, and that problems leak nothing internal. */
class UpstreamFailureIT {
  /** Far above every configured timeout here: only a hang exceeds it. */
  static final Duration LIVENESS = Duration.ofSeconds(5);

  static Vertx vertx;
  static TestUpstream healthy;
  static TestUpstream silent;
  static NetServer breaking;
  static int deadPort;
  static int otherDeadPort;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    healthy = TestUpstream.echo(vertx, "healthy");
    silent = TestUpstream.start(vertx, request -> { });
    // Reads the request head, then sends part of a response and closes the connection.
    breaking = vertx.createNetServer().connectHandler(socket -> socket.handler(bytes -> {
      if (bytes.toString().contains("/stall")) {
        socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        return; // and never another byte, nor a close
      }
      if (bytes.toString().contains("/chunked")) {
        socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      } else {
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello");
      }
      vertx.setTimer(50, t -> socket.close());
    }));
    breaking.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    deadPort = freePort();
    otherDeadPort = freePort();
    gateway = TestGateway.start("""
        upstreams:
          dead: { targets: [http://127.0.0.1:%1$d], connectTimeout: 200ms }
          allDead: { targets: [http://127.0.0.1:%1$d, http://127.0.0.1:%2$d], connectTimeout: 200ms }
          halfDead: { targets: [http://127.0.0.1:%1$d, %3$s], connectTimeout: 200ms }
          silent: { targets: [%4$s], timeout: 300ms }
          breaking: { targets: [http://127.0.0.1:%5$d], timeout: 2s }
          stalling: { targets: [http://127.0.0.1:%5$d], timeout: 300ms }
        routes:
          - { id: dead, match: { path: /dead/** }, upstream: dead }
          - { id: all-dead, match: { path: /all-dead/** }, upstream: allDead }
          - { id: half-dead, match: { path: /half-dead/** }, upstream: halfDead }
          - { id: silent, match: { path: /silent/** }, upstream: silent }
          - { id: breaking, match: { path: /breaking/** }, upstream: breaking }
          - { id: stalling, match: { path: /stalling/** }, upstream: stalling }
        """.formatted(deadPort, otherDeadPort, healthy.url(), silent.url(), breaking.actualPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    healthy.close();
    silent.close();
    breaking.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close();
  }

  @Test
  void deadUpstreamIs502UpstreamConnectWithoutHanging() {
    long start = System.nanoTime();
    HttpResponse<String> response = Http.get(gateway.url("/dead/x"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(502);
    assertProblem(response, "upstream_connect");
    assertThat(took).isLessThan(LIVENESS);
  }

  @Test
  void silentUpstreamIs504AfterTheRouteTimeout() {
    long start = System.nanoTime();
    HttpResponse<String> response = Http.get(gateway.url("/silent/x"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(504);
    assertProblem(response, "upstream_timeout");
    assertThat(silent.received()).isNotEmpty();
    // Not before the configured 300ms, and not hanging either.
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(LIVENESS);
  }

  @Test
  void upstreamClosingMidBodyGivesTheClientATruncatedResponseNotACompleteOne() throws IOException {
    String raw = RawHttp.exchange(gateway.port(), "GET /breaking/fixed HTTP/1.1\r\nHost: gw\r\n\r\n", 5000);

    // Either the response had started (200 with a short body, then the connection closes) or it had
    // not (a 502): never a complete-looking response.
    if (RawHttp.status(raw) == 200) {
      assertThat(raw).containsIgnoringCase("content-length: 100");
      String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
      assertThat(body.length()).isLessThan(100);
    } else {
      assertThat(RawHttp.status(raw)).isEqualTo(502);
    }
  }

  @Test
  void upstreamClosingMidChunkedBodyNeverSendsTheLastChunk() throws IOException {
    String raw = RawHttp.exchange(gateway.port(), "GET /breaking/chunked HTTP/1.1\r\nHost: gw\r\n\r\n", 5000);

    if (RawHttp.status(raw) == 200) {
      assertThat(raw).contains("hello");
      assertThat(raw).doesNotContain("\r\n0\r\n\r\n");
    } else {
      assertThat(RawHttp.status(raw)).isEqualTo(502);
    }
  }

  @Test
  void upstreamStallingMidBodyIsCutOffAfterTheTimeout() throws IOException {
    long start = System.nanoTime();
    // The socket timeout (10s) would only end the read if the gateway left the connection open.
    String raw = RawHttp.exchange(gateway.port(), "GET /stalling/stall HTTP/1.1\r\nHost: gw\r\n\r\n", 10_000);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(RawHttp.status(raw)).isEqualTo(200);
    assertThat(raw).contains("hello").doesNotContain("\r\n0\r\n\r\n");
    assertThat(took).isLessThan(LIVENESS);
  }

  @Test
  void allTargetsDeadIs503NoHealthyUpstreamOnceEjected() {
    HttpResponse<String> first = Http.get(gateway.url("/all-dead/x"));
    long start = System.nanoTime();
    HttpResponse<String> second = Http.get(gateway.url("/all-dead/x"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(first.statusCode()).isEqualTo(502);
    assertProblem(first, "upstream_connect");
    assertThat(second.statusCode()).isEqualTo(503);
    assertProblem(second, "no_healthy_upstream");
    assertThat(took).isLessThan(LIVENESS);
  }

  @Test
  void oneDeadTargetOfTwoIsRoutedAround() {
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> response = Http.get(gateway.url("/half-dead/" + i));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Upstream")).hasValue("healthy");
    }
    assertThat(healthy.received()).filteredOn(r -> r.uri().startsWith("/half-dead/")).hasSize(6);
  }

  /** A problem body with this code that leaks no addresses, class names or stack frames. */
  static void assertProblem(HttpResponse<String> response, String code) {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInteger("status")).isEqualTo(response.statusCode());
    assertThat(problem.getString("requestId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(response.body()).doesNotContain("127.0.0.1:", "Exception", "at dev.", "io.vertx", "io.netty",
        String.valueOf(deadPort), String.valueOf(otherDeadPort), String.valueOf(silent.port()));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
