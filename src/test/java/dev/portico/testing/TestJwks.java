package dev.portico.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS endpoint on an ephemeral port, standing in for an identity provider: it serves whatever document the test
 * sets, counts every request it receives, and can be made to fail.
 */
public final class TestJwks implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String body;
  private volatile String cacheControl;
  private volatile boolean down;

  private TestJwks(HttpServer server, String body) {
    this.server = server;
    this.body = body;
  }

  public static TestJwks start(Vertx vertx, String body) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(0).setHost("127.0.0.1"));
    TestJwks jwks = new TestJwks(server, body);
    server.requestHandler(request -> {
      jwks.requests.incrementAndGet();
      if (jwks.down) {
        request.response().setStatusCode(503).end("down for maintenance");
        return;
      }
      var response = request.response().putHeader("Content-Type", "application/jwk-set+json");
      if (jwks.cacheControl != null) {
        response.putHeader("Cache-Control", jwks.cacheControl);
      }
      response.end(jwks.body);
    });
    TestUpstream.await(server.listen());
    return jwks;
  }

  /** Serves this document from now on (a key rotation at the identity provider). */
  public void serve(String jwks) {
    this.body = jwks;
  }

  public void cacheControl(String value) {
    this.cacheControl = value;
  }

  /** While down, every request is answered 503. */
  public void down(boolean down) {
    this.down = down;
  }

  public int requests() {
    return requests.get();
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/jwks";
  }

  @Override
  public void close() {
    TestUpstream.await(server.close());
  }
}
