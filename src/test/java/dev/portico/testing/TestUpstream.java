package dev.portico.testing;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on an ephemeral port, standing in for a service behind the gateway. It
 * records every request it receives (method, URI, headers, body) and answers with the handler
 * the test gives; by default it echoes the request line as JSON.
 */
public final class TestUpstream implements AutoCloseable {
  public record Received(String method, String uri, MultiMap headers, Buffer body) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger started = new AtomicInteger();

  private TestUpstream(HttpServer server) {
    this.server = server;
  }

  /** Starts a server whose handler sees the request after its body has been read and recorded. */
  public static TestUpstream start(Vertx vertx, Handler<HttpServerRequest> respond) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(0).setHost("127.0.0.1"));
    TestUpstream upstream = new TestUpstream(server);
    server.requestHandler(request -> {
      upstream.started.incrementAndGet();
      request.body().onSuccess(body -> {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        upstream.received.add(new Received(request.method().name(), request.uri(), headers, body));
        respond.handle(request);
      });
    });
    await(server.listen());
    return upstream;
  }

  /** Answers 200 with {"method":..,"uri":..,"name":name} and header X-Upstream: name. */
  public static TestUpstream echo(Vertx vertx, String name) {
    return start(vertx, request -> request.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Upstream", name)
        .end(new io.vertx.core.json.JsonObject().put("method", request.method().name())
            .put("uri", request.uri()).put("name", name).encode()));
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public List<Received> received() {
    return received;
  }

  /** Requests whose head arrived, including those whose body never completed. */
  public int started() {
    return started.get();
  }

  public Received last() {
    return received.isEmpty() ? null : received.get(received.size() - 1);
  }

  @Override
  public void close() {
    await(server.close());
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
