package dev.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.GatewayProcess;
import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request and response bodies through the gateway: framing, limits, and streaming without buffering. */
class BodyStreamingIT {
  static Vertx vertx;
  static TestUpstream bodies;
  static HttpServer guarded;
  static final AtomicInteger guardedStarted = new AtomicInteger();
  static volatile CompletableFuture<String> guardedOutcome = new CompletableFuture<>();
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    bodies = TestUpstream.start(vertx, request -> {
      HttpServerResponse response = request.response().putHeader("X-Upstream", "bodies");
      if (request.method() == HttpMethod.HEAD && request.path().endsWith("/bare")) {
        response.end();
      } else if (request.method() == HttpMethod.HEAD) {
        // The length a GET would have: a HEAD response keeps it but sends no body.
        response.putHeader("Content-Length", "10").end();
      } else {
        response.end("received " + bodies.last().body().length());
      }
    });
    // Records whether a request body arrived complete or was cut off by the gateway.
    guarded = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> {
          guardedStarted.incrementAndGet();
          CompletableFuture<String> outcome = guardedOutcome;
          request.body().onComplete(ar -> {
            outcome.complete(ar.succeeded() ? "complete" : "aborted");
            if (ar.succeeded()) {
              request.response().end("guarded");
            }
          });
        });
    guarded.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    gateway = TestGateway.start("""
        upstreams:
          bodies: { targets: [%s] }
          guarded: { targets: [http://127.0.0.1:%d] }
        routes:
          - id: bodies
            match: { path: /bodies/** }
            upstream: bodies
          - id: limited
            match: { path: /limited/** }
            upstream: guarded
            maxBodySize: 1KiB
        """.formatted(bodies.url(), guarded.actualPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    bodies.close();
    guarded.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close();
  }

  @Test
  void contentLengthBodyArrivesIntact() throws Exception {
    byte[] body = randomBytes(3 * 1024 * 1024 + 7, 1);

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(gateway.url("/bodies/upload")))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    TestUpstream.Received received = bodies.last();
    assertThat(received.headers().get("Content-Length")).isEqualTo(String.valueOf(body.length));
    assertThat(received.body().getBytes()).isEqualTo(body);
  }

  @Test
  void chunkedBodyArrivesIntact() throws Exception {
    byte[] first = randomBytes(10_000, 2);
    byte[] second = "tail".getBytes(StandardCharsets.US_ASCII);

    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      connection.send("POST /bodies/chunked HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(first.length) + "\r\n");
      connection.send(first);
      connection.send("\r\n" + Integer.toHexString(second.length) + "\r\ntail\r\n0\r\n\r\n");
      RawHttp.Response response = connection.read();

      assertThat(response.status()).isEqualTo(200);
    }
    TestUpstream.Received received = bodies.last();
    assertThat(received.headers().get("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
    assertThat(received.headers().get("Content-Length")).isNull();
    Buffer expected = Buffer.buffer(first).appendBytes(second);
    assertThat(received.body().getBytes()).isEqualTo(expected.getBytes());
  }

  @Test
  void expectContinueGetsInterimResponseThenFinal() throws IOException {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      connection.send("POST /bodies/continue HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\n"
          + "Expect: 100-continue\r\n\r\n");
      RawHttp.Response interim = connection.read();
      connection.send("hello");
      RawHttp.Response response = connection.read();

      assertThat(interim.status()).isEqualTo(100);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyText()).isEqualTo("received 5");
    }
    assertThat(bodies.last().body().toString()).isEqualTo("hello");
    assertThat(bodies.last().headers().get("Expect")).isNull();
  }

  @Test
  void oversizeDeclaredBodyIs413AndNeverReachesTheUpstream() throws IOException {
    int before = guardedStarted.get();

    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      // Only the head is sent: the gateway must refuse on the declared length alone.
      connection.send("POST /limited/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 5000\r\n\r\n");
      RawHttp.Response response = connection.read();

      assertThat(response.status()).isEqualTo(413);
      assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(new JsonObject(response.bodyText()).getString("code")).isEqualTo("body_too_large");
    }
    assertThat(guardedStarted.get()).isEqualTo(before);
  }

  @Test
  void oversizeChunkedBodyIs413AndTheUpstreamRequestIsAborted() throws Exception {
    guardedOutcome = new CompletableFuture<>();
    byte[] chunk = randomBytes(600, 3);

    String raw;
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      connection.send("POST /limited/x HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < 4; i++) {
        connection.send(Integer.toHexString(chunk.length) + "\r\n");
        connection.send(chunk);
        connection.send("\r\n");
      }
      raw = connection.readRest();
    }

    // The upstream never answers before the body ends, so the response has not started: a 413.
    assertThat(RawHttp.status(raw)).isEqualTo(413);
    assertThat(raw).contains("\"code\":\"body_too_large\"");
    assertThat(guardedOutcome.get(5, TimeUnit.SECONDS)).isEqualTo("aborted");
  }

  @Test
  void headKeepsHeadersAndSendsNoBody() throws IOException {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      connection.send("HEAD /bodies/head HTTP/1.1\r\nHost: gw\r\n\r\n");
      RawHttp.Response head = connection.readHead();
      // Any body bytes after the HEAD response would be misread as the next status line.
      connection.send("GET /bodies/after HTTP/1.1\r\nHost: gw\r\n\r\n");
      RawHttp.Response next = connection.read();

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("X-Upstream")).isEqualTo("bodies");
      assertThat(head.header("Content-Length")).isEqualTo("10");
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.bodyText()).isEqualTo("received 0");
    }
    assertThat(bodies.received()).anySatisfy(r -> {
      assertThat(r.method()).isEqualTo("HEAD");
      assertThat(r.uri()).isEqualTo("/bodies/head");
    });
  }

  @Test
  void headWithoutUpstreamLengthSendsNoBodyAndKeepsTheConnectionUsable() throws IOException {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      connection.send("HEAD /bodies/bare HTTP/1.1\r\nHost: gw\r\n\r\n");
      RawHttp.Response head = connection.readHead();
      connection.send("GET /bodies/after-bare HTTP/1.1\r\nHost: gw\r\n\r\n");
      RawHttp.Response next = connection.read();

      assertThat(head.status()).isEqualTo(200);
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.bodyText()).isEqualTo("received 0");
    }
  }

  @Test
  void oversizeDeclaredBodyWithExpectContinueIs413WithoutAnInterimResponse() throws IOException {
    int before = guardedStarted.get();

    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      connection.send("POST /limited/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 5000\r\n"
          + "Expect: 100-continue\r\n\r\n");
      RawHttp.Response response = connection.read();

      assertThat(response.status()).isEqualTo(413);
    }
    assertThat(guardedStarted.get()).isEqualTo(before);
  }

  /** 256 MiB each way through a gateway with a 48 MiB heap: only streaming can survive it. */
  @Test
  void streamsBodiesMuchLargerThanTheHeapBothWays() throws Exception {
    long size = 256L * 1024 * 1024;
    byte[] block = randomBytes(64 * 1024, 4);
    HttpServer counting = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> countOrServe(request, block, size));
    counting.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (GatewayProcess process = GatewayProcess.start("""
        upstreams:
          counting: { targets: [http://127.0.0.1:%d], timeout: 20s }
        routes:
          - id: big
            match: { path: /big/** }
            upstream: counting
            maxBodySize: 1GiB
        """.formatted(counting.actualPort()), "-Xmx48m")) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      CRC32 sent = new CRC32();
      HttpResponse<String> upload = client.send(HttpRequest.newBuilder(URI.create(process.url("/big/upload")))
          .timeout(Duration.ofSeconds(60))
          .POST(HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatingStream(block, size, sent)), size))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(upload.statusCode()).isEqualTo(200);
      assertThat(upload.body()).isEqualTo(size + " " + sent.getValue());

      HttpResponse<InputStream> download = client.send(
          HttpRequest.newBuilder(URI.create(process.url("/big/download"))).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      CRC32 received = new CRC32();
      long count = 0;
      try (InputStream in = download.body()) {
        byte[] buf = new byte[64 * 1024];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          received.update(buf, 0, n);
          count += n;
        }
      }
      CRC32 expected = new CRC32();
      for (long i = 0; i < size / block.length; i++) {
        expected.update(block);
      }

      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(count).isEqualTo(size);
      assertThat(received.getValue()).isEqualTo(expected.getValue());
      assertThat(process.isAlive()).as("gateway still running; output:\n%s", process.stderr()).isTrue();
    } finally {
      counting.close();
    }
  }

  /** Counts and checksums an upload without keeping it, or writes {@code size} bytes with backpressure. */
  private static void countOrServe(HttpServerRequest request, byte[] block, long size) {
    if (request.path().endsWith("/upload")) {
      CRC32 crc = new CRC32();
      long[] count = {0};
      request.handler(chunk -> {
        byte[] bytes = chunk.getBytes();
        crc.update(bytes);
        count[0] += bytes.length;
      });
      request.endHandler(v -> request.response().end(count[0] + " " + crc.getValue()));
    } else {
      HttpServerResponse response = request.response().putHeader("Content-Length", String.valueOf(size));
      pump(response, block, size);
    }
  }

  private static void pump(HttpServerResponse response, byte[] block, long remaining) {
    while (remaining > 0 && !response.writeQueueFull()) {
      response.write(Buffer.buffer(block));
      remaining -= block.length;
    }
    if (remaining == 0) {
      response.end();
    } else {
      long left = remaining;
      response.drainHandler(v -> pump(response, block, left));
    }
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** {@code size} bytes made of {@code block} repeated, checksummed as they are read. */
  static final class RepeatingStream extends InputStream {
    private final byte[] block;
    private final CRC32 crc;
    private long remaining;
    private int offset;

    RepeatingStream(byte[] block, long size, CRC32 crc) {
      this.block = block;
      this.remaining = size;
      this.crc = crc;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, block.length - offset), remaining);
      System.arraycopy(block, offset, b, off, n);
      crc.update(b, off, n);
      offset = (offset + n) % block.length;
      remaining -= n;
      return n;
    }
  }
}
