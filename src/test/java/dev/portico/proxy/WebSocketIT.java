package dev.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSocket sessions tunnelled through the gateway to a real echo server. */
class WebSocketIT {
  static Vertx vertx;
  static HttpServer echo;
  static TestUpstream silent;
  static TestGateway gateway;
  /** Close codes the echo server saw, and the path and headers of each handshake. */
  static final BlockingQueue<Short> upstreamCloses = new LinkedBlockingQueue<>();
  static final BlockingQueue<String> handshakes = new LinkedBlockingQueue<>();

  WebSocketClient client;
  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    echo = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(ws -> {
          handshakes.add(ws.path() + " xff=" + ws.headers().get("X-Forwarded-For"));
          ws.textMessageHandler(text -> {
            if (text.equals("close-me")) {
              ws.close((short) 4001, "upstream done");
            } else {
              ws.writeTextMessage(text);
            }
          });
          ws.binaryMessageHandler(ws::writeBinaryMessage);
          ws.closeHandler(v -> upstreamCloses.add(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
        });
    await(echo.listen());
    silent = TestUpstream.start(vertx, request -> { });
    gateway = TestGateway.start("""
        upstreams:
          echo: { targets: [http://127.0.0.1:%d] }
          silent: { targets: [%s] }
        routes:
          - { id: ws, match: { path: /ws/** }, upstream: echo, timeout: 300ms }
          - { id: silent, match: { path: /silent/** }, upstream: silent, timeout: 300ms }
        """.formatted(echo.actualPort(), silent.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    await(echo.close());
    silent.close();
    vertx.close();
  }

  @BeforeEach
  void openClient() {
    client = vertx.createWebSocketClient();
    upstreamCloses.clear();
    handshakes.clear();
  }

  @AfterEach
  void closeClient() {
    await(client.close());
  }

  @Test
  void textAndBinaryFramesAreEchoedThroughTheGateway() throws Exception {
    WebSocket ws = connect("/ws/echo");
    byte[] payload = new byte[32 * 1024];
    new Random(7).nextBytes(payload);

    ws.writeTextMessage("hello through portico");
    assertThat(messages.poll(5, TimeUnit.SECONDS)).isEqualTo("text:hello through portico");
    ws.writeBinaryMessage(Buffer.buffer(payload));
    assertThat(messages.poll(5, TimeUnit.SECONDS)).isEqualTo("binary:" + Buffer.buffer(payload).toString("ISO-8859-1"));
    assertThat(handshakes.poll(5, TimeUnit.SECONDS)).isEqualTo("/ws/echo xff=127.0.0.1");
  }

  @Test
  void openTunnelOutlivesTheRouteTimeout() throws Exception {
    WebSocket ws = connect("/ws/echo");

    // The route's 300ms timeout bounds the handshake, not the session: idle well past it.
    Thread.sleep(1000);
    ws.writeTextMessage("still there");

    assertThat(messages.poll(5, TimeUnit.SECONDS)).isEqualTo("text:still there");
  }

  @Test
  void clientCloseReachesTheUpstreamWithItsCode() throws Exception {
    WebSocket ws = connect("/ws/echo");
    ws.writeTextMessage("ping");
    assertThat(messages.poll(5, TimeUnit.SECONDS)).isEqualTo("text:ping");

    await(ws.close((short) 4000, "client done"));

    assertThat(upstreamCloses.poll(5, TimeUnit.SECONDS)).isEqualTo((short) 4000);
  }

  @Test
  void upstreamCloseReachesTheClientWithItsCode() throws Exception {
    WebSocket ws = connect("/ws/echo");
    CompletableFuture<Short> closed = new CompletableFuture<>();
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));

    ws.writeTextMessage("close-me");

    assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo((short) 4001);
  }

  @Test
  void handshakeToASilentUpstreamTimesOutWith504() {
    Future<WebSocket> attempt = client.connect(gateway.port(), "127.0.0.1", "/silent/ws");

    assertThatThrownBy(() -> attempt.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(UpgradeRejectedException.class)
        .satisfies(e -> assertThat(((UpgradeRejectedException) e.getCause()).getStatus()).isEqualTo(504));
    assertThat(silent.started()).isPositive();
  }

  private WebSocket connect(String path) {
    // Handlers are set in the connect callback, on the socket's own context: no frame can be missed.
    return await(client.connect(gateway.port(), "127.0.0.1", path).map(ws -> {
      ws.textMessageHandler(text -> messages.add("text:" + text));
      ws.binaryMessageHandler(bytes -> messages.add("binary:" + bytes.toString("ISO-8859-1")));
      return ws;
    }));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
