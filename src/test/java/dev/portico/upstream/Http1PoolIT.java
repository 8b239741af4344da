package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keep-alive pool of plain-HTTP upstream connections, seen from a scripted upstream that counts
 * the connections it accepts and answers each request by its path.
 */
class Http1PoolIT {
  /** Far above every configured timeout here: only a hang exceeds it. */
  static final long LIVENESS_MILLIS = 5_000;

  static Vertx vertx;
  static NetServer upstream;
  static final AtomicInteger accepted = new AtomicInteger();
  static final AtomicInteger closed = new AtomicInteger();
  static TestGateway gateway;

  @BeforeAll
  static void startUpstream() throws Exception {
    vertx = Vertx.vertx();
    upstream = vertx.createNetServer().connectHandler(Http1PoolIT::serve);
    upstream.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopUpstream() throws Exception {
    upstream.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close();
  }

  /** A fresh gateway per test: no pooled connection carries over from the test before. */
  @BeforeEach
  void startGateway() {
    accepted.set(0);
    closed.set(0);
    gateway = TestGateway.start("""
        eventLoops: 1
        upstreams:
          pooled: { targets: [%1$s], timeout: 2s }
          shortIdle: { targets: [%1$s], idleTimeout: 200ms }
          single: { targets: [%1$s], maxConnectionsPerTarget: 1, connectTimeout: 100ms, timeout: 2s }
          singleShortWait: { targets: [%1$s], maxConnectionsPerTarget: 1, connectTimeout: 3s, timeout: 3s }
        routes:
          - { id: pooled, match: { path: /pooled/** }, upstream: pooled }
          - { id: short-idle, match: { path: /short-idle/** }, upstream: shortIdle }
          - { id: single, match: { path: /single/** }, upstream: single }
          - { id: single-hold, match: { path: /single-hold/** }, upstream: singleShortWait }
          - { id: single-short-wait, match: { path: /single-short-wait/** }, upstream: singleShortWait, timeout: 300ms }
        """.formatted("http://127.0.0.1:" + upstream.actualPort()));
  }

  @AfterEach
  void stopGateway() {
    gateway.close();
  }

  /**
   * Answers each request head by its path: {@code /close} with Connection: close, {@code /hints}
   * after a 103 interim response, {@code /early} at once without reading the body, {@code /slow}
   * after 100 ms, {@code /never} not at all; anything else with "ok".
   */
  private static void serve(NetSocket socket) {
    accepted.incrementAndGet();
    socket.closeHandler(v -> closed.incrementAndGet());
    StringBuilder pending = new StringBuilder();
    socket.handler(bytes -> {
      pending.append(bytes.toString());
      int end;
      while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
        String head = pending.substring(0, end);
        pending.delete(0, end + 4);
        String line = head.substring(0, head.indexOf("\r\n"));
        if (line.contains("/early")) {
          // Refuses the body before it arrives; what follows is read and dropped until the gateway
          // closes (a lingering close, so no reset destroys the answer in flight).
          socket.write("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbig!");
          socket.handler(ignored -> { });
          return;
        }
        if (line.contains("/never")) {
          return;
        }
        String answer = line.contains("/close")
            ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            : line.contains("/hints")
                ? "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        if (line.contains("/slow")) {
          vertx.setTimer(100, t -> socket.write(answer));
        } else {
          socket.write(answer);
        }
        if (line.contains("/close")) {
          socket.close();
        }
      }
    });
  }

  @Test
  void sequentialRequestsReuseOneUpstreamConnection() throws Exception {
    try (RawHttp.Connection client = RawHttp.connect(gateway.port(), (int) LIVENESS_MILLIS)) {
      for (int i = 0; i < 5; i++) {
        RawHttp.Response response = client.send("GET /pooled/" + i + " HTTP/1.1\r\nHost: gw\r\n\r\n").read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("ok");
      }
    }
    assertThat(accepted.get()).isEqualTo(1);
  }

  @Test
  void anUpstreamClosingAfterItsResponseGetsAFreshConnectionNextTime() throws Exception {
    try (RawHttp.Connection client = RawHttp.connect(gateway.port(), (int) LIVENESS_MILLIS)) {
      assertThat(client.send("GET /pooled/close HTTP/1.1\r\nHost: gw\r\n\r\n").read().status()).isEqualTo(200);
      awaitTrue(() -> closed.get() == 1);
      RawHttp.Response next = client.send("GET /pooled/again HTTP/1.1\r\nHost: gw\r\n\r\n").read();
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.bodyText()).isEqualTo("ok");
    }
    assertThat(accepted.get()).isEqualTo(2);
  }

  @Test
  void interimResponsesOfTheUpstreamAreNotRelayed() throws Exception {
    String raw = RawHttp.exchange(gateway.port(),
        "GET /pooled/hints HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n", (int) LIVENESS_MILLIS);

    assertThat(raw).startsWith("HTTP/1.1 200 ");
    assertThat(raw).doesNotContain("103").endsWith("\r\n\r\nok");
  }

  @Test
  void idleUpstreamConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
    String raw = RawHttp.exchange(gateway.port(),
        "GET /short-idle/x HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n", (int) LIVENESS_MILLIS);
    assertThat(RawHttp.status(raw)).isEqualTo(200);

    awaitTrue(() -> closed.get() == 1);
  }

  @Test
  void anUpstreamAnsweringBeforeReadingTheBodyLeavesTheClientConnectionUsable() throws Exception {
    byte[] body = new byte[256 * 1024];
    try (RawHttp.Connection client = RawHttp.connect(gateway.port(), (int) LIVENESS_MILLIS)) {
      client.send("POST /pooled/early HTTP/1.1\r\nHost: gw\r\nContent-Length: " + body.length + "\r\n\r\n");
      client.send(body);
      RawHttp.Response refused = client.read();
      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.bodyText()).isEqualTo("big!");

      RawHttp.Response next = client.send("GET /pooled/after HTTP/1.1\r\nHost: gw\r\n\r\n").read();
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.bodyText()).isEqualTo("ok");
    }
  }

  /** Three 100 ms requests on one connection: the third waits about 200 ms, twice the connect timeout. */
  @Test
  void requestsBeyondTheConnectionLimitWaitTheirTurnLongerThanTheConnectTimeout() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(3);
    try {
      List<CompletableFuture<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        answers.add(CompletableFuture.supplyAsync(() -> statusOf("GET /single/slow HTTP/1.1\r\nHost: gw\r\n"
            + "Connection: close\r\n\r\n"), clients));
      }
      for (CompletableFuture<Integer> answer : answers) {
        assertThat(answer.get(LIVENESS_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(accepted.get()).isEqualTo(1);
  }

  @Test
  void aRequestThatFindsEveryConnectionBusyForItsWholeTimeoutIs504() throws Exception {
    CompletableFuture<Integer> hanging = CompletableFuture.supplyAsync(
        () -> statusOf("GET /single-hold/never HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n"));
    awaitTrue(() -> accepted.get() == 1);

    String raw = RawHttp.exchange(gateway.port(),
        "GET /single-short-wait/x HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n", (int) LIVENESS_MILLIS);

    assertThat(RawHttp.status(raw)).isEqualTo(504);
    assertThat(raw).contains("upstream_timeout");
    // The silent upstream's request, holding the only connection, ends with its own route's timeout.
    assertThat(hanging.get(LIVENESS_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(504);
  }

  private static int statusOf(String request) {
    try {
      return RawHttp.status(RawHttp.exchange(gateway.port(), request, (int) LIVENESS_MILLIS));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMillis(LIVENESS_MILLIS).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("condition within the liveness bound").isNegative();
      Thread.sleep(10);
    }
  }
}
