package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request-head deadline (slowloris guard) on every request of a kept-alive connection, not
 * only the first; while a kept-alive connection sends nothing, only the idle timeout applies.
 */
class HeaderTimeoutIT {
  /** Long enough that nothing in these tests could reach it: only the head deadline can close. */
  private static final int IDLE_TIMEOUT_MS = 30_000;
  private static final int HEAD_TIMEOUT_MS = 300;
  private static final int READ_TIMEOUT_MS = 10_000;

  static Vertx vertx;
  static TestUpstream backend;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend = TestUpstream.start(vertx, request -> {
      long delay = request.path().endsWith("/slow") ? 3 * HEAD_TIMEOUT_MS : 0;
      vertx.setTimer(Math.max(1, delay), t -> request.response().end("ok"));
    });
    gateway = TestGateway.start("""
        listen: { port: 0, idleTimeout: %dms, requestHeaderTimeout: %dms }
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: api, match: { path: /api/** }, upstream: backend }
        """.formatted(IDLE_TIMEOUT_MS, HEAD_TIMEOUT_MS, backend.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    vertx.close();
  }

  /**
   * On an HTTP/1-only listener. With h2c on, Vert.x shows the connection only once the first head
   * is complete (it may ask for an upgrade), so that head escapes the deadline: see HeaderTimeouts.
   */
  @Test
  void aFirstRequestHeadTrickledPastTheDeadlineClosesTheConnection() throws Exception {
    try (TestGateway http1Only = TestGateway.start("""
        listen: { port: 0, http2: false, idleTimeout: %dms, requestHeaderTimeout: %dms }
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: api, match: { path: /api/** }, upstream: backend }
        """.formatted(IDLE_TIMEOUT_MS, HEAD_TIMEOUT_MS, backend.url()));
        RawHttp.Connection connection = RawHttp.connect(http1Only.port(), READ_TIMEOUT_MS)) {
      assertThatThrownBy(() -> trickleHead(connection)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aLaterRequestHeadTrickledPastTheDeadlineClosesTheKeptAliveConnection() throws Exception {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), READ_TIMEOUT_MS)) {
      assertThat(connection.send("GET /api/first HTTP/1.1\r\nHost: gw\r\n\r\n").read().status()).isEqualTo(200);

      assertThatThrownBy(() -> trickleHead(connection)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aKeptAliveConnectionSilentForLongerThanTheDeadlineStaysOpen() throws Exception {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), READ_TIMEOUT_MS)) {
      assertThat(connection.send("GET /api/first HTTP/1.1\r\nHost: gw\r\n\r\n").read().status()).isEqualTo(200);

      Thread.sleep(4L * HEAD_TIMEOUT_MS);

      assertThat(connection.send("GET /api/second HTTP/1.1\r\nHost: gw\r\n\r\n").read().status()).isEqualTo(200);
    }
  }

  @Test
  void aResponseSlowerThanTheDeadlineIsNotCutAndTheConnectionServesOn() throws Exception {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), READ_TIMEOUT_MS)) {
      assertThat(connection.send("GET /api/slow HTTP/1.1\r\nHost: gw\r\n\r\n").read().bodyText()).isEqualTo("ok");
      assertThat(connection.send("GET /api/again HTTP/1.1\r\nHost: gw\r\n\r\n").read().status()).isEqualTo(200);
    }
  }

  @Test
  void aHeadSentPieceByPieceWithinTheDeadlineIsServed() throws Exception {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), READ_TIMEOUT_MS)) {
      assertThat(connection.send("GET /api/first HTTP/1.1\r\nHost: gw\r\n\r\n").read().status()).isEqualTo(200);

      connection.send("GET /api/sec");
      Thread.sleep(HEAD_TIMEOUT_MS / 6);
      connection.send("ond HTTP/1.1\r\nHo");
      Thread.sleep(HEAD_TIMEOUT_MS / 6);
      connection.send("st: gw\r\n\r\n");

      assertThat(connection.read().status()).isEqualTo(200);
    }
  }

  /**
   * Sends a request head one byte every tenth of the deadline, for up to 30 deadlines, and reads:
   * a gateway that enforces the deadline has closed the connection long before the head is done.
   */
  private static void trickleHead(RawHttp.Connection connection) throws IOException, InterruptedException {
    String head = "GET /api/x HTTP/1.1\r\nHost: gw\r\nX-Pad: " + "p".repeat(300) + "\r\n\r\n";
    for (int i = 0; i < head.length(); i++) {
      connection.send(head.substring(i, i + 1));
      Thread.sleep(HEAD_TIMEOUT_MS / 10);
    }
    // The head is complete: a gateway without the deadline answers it, and this read succeeds.
    RawHttp.Response response = connection.read();
    throw new AssertionError("the trickled head was answered with " + response.status());
  }
}
