package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/2 cleartext clients (prior knowledge and upgrade) proxied to an HTTP/1.1 upstream. */
class Http2IT {
  record Result(HttpVersion version, int status, String upstream, String body, HttpConnection connection) {}

  static Vertx vertx;
  static TestUpstream backend;
  static TestGateway gateway;
  HttpClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend = TestUpstream.start(vertx, request -> request.response()
        .putHeader("X-Upstream", "backend")
        .end(request.version() + " " + request.uri() + " " + backend.last().body().length()));
    gateway = TestGateway.start("""
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: h2, match: { path: /h2/** }, upstream: backend }
        """.formatted(backend.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    vertx.close();
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      await(client.close());
    }
  }

  @Test
  void priorKnowledgeClientGetsAnHttp2Response() {
    client = h2Client(false);

    Result result = await(get("/h2/prior?x=1"));

    assertThat(result.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.upstream()).isEqualTo("backend");
    assertThat(result.body()).isEqualTo("HTTP_1_1 /h2/prior?x=1 0");
  }

  @Test
  void upgradingClientGetsAnHttp2Response() {
    client = h2Client(true);

    Result first = await(get("/h2/upgrade/1"));
    Result second = await(get("/h2/upgrade/2"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("HTTP_1_1 /h2/upgrade/1 0");
    assertThat(second.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(second.status()).isEqualTo(200);
    assertThat(first.version()).isEqualTo(HttpVersion.HTTP_2);
  }

  @Test
  void concurrentStreamsOnOneConnectionAllSucceed() {
    client = h2Client(false);
    List<Future<Result>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(get("/h2/concurrent/" + i));
    }

    await(Future.all(calls));

    Set<HttpConnection> connections = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < calls.size(); i++) {
      Result result = calls.get(i).result();
      assertThat(result.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(result.status()).isEqualTo(200);
      assertThat(result.body()).isEqualTo("HTTP_1_1 /h2/concurrent/" + i + " 0");
      connections.add(result.connection());
    }
    assertThat(connections).hasSize(1);
  }

  @Test
  void http2RequestBodyArrivesIntact() {
    client = h2Client(false);
    Buffer body = Buffer.buffer("x".repeat(100_000));

    Result result = await(client.request(HttpMethod.POST, gateway.port(), "127.0.0.1", "/h2/post")
        .compose(request -> request.send(body).compose(response -> response.body().map(b ->
            new Result(response.version(), response.statusCode(), response.getHeader("X-Upstream"), b.toString(),
                request.connection())))));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body()).isEqualTo("HTTP_1_1 /h2/post 100000");
    assertThat(backend.last().body()).isEqualTo(body);
  }

  private HttpClient h2Client(boolean upgrade) {
    return vertx.createHttpClient(new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_2)
            .setHttp2ClearTextUpgrade(upgrade),
        new PoolOptions().setHttp2MaxSize(1));
  }

  /** The body is read in the request's own callback, so no response can be lost. */
  private Future<Result> get(String uri) {
    return client.request(HttpMethod.GET, gateway.port(), "127.0.0.1", uri)
        .compose(request -> request.send().compose(response -> response.body().map(body ->
            new Result(response.version(), response.statusCode(), response.getHeader("X-Upstream"),
                body.toString(), request.connection()))));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
