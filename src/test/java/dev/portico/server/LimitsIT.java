package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request-head limits and malformed requests, answered with problems before any upstream work. */
class LimitsIT {
  static Vertx vertx;
  static TestUpstream backend;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    gateway = TestGateway.start("""
        listen: { port: 0, limits: { maxUriLength: 256, maxHeaderSize: 2KiB, maxHeaderCount: 10 } }
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: api, match: { path: /api/** }, upstream: backend }
        """.formatted(backend.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    vertx.close();
  }

  @Test
  void uriJustOverTheLimitIs414() throws IOException {
    RawHttp.Response response = send("GET /api/" + "a".repeat(260) + " HTTP/1.1\r\nHost: gw\r\n\r\n");

    assertProblem(response, 414, "uri_too_long");
  }

  @Test
  void uriFarOverTheLimitIs414() throws IOException {
    RawHttp.Response response = send("GET /api/" + "a".repeat(4000) + " HTTP/1.1\r\nHost: gw\r\n\r\n");

    assertProblem(response, 414, "uri_too_long");
  }

  @Test
  void headerBlockOverMaxHeaderSizeIs431() throws IOException {
    RawHttp.Response response = send("GET /api/x HTTP/1.1\r\nHost: gw\r\nX-Big: " + "b".repeat(3000) + "\r\n\r\n");

    assertProblem(response, 431, "headers_too_large");
  }

  @Test
  void moreHeadersThanMaxHeaderCountIs431() throws IOException {
    StringBuilder request = new StringBuilder("GET /api/x HTTP/1.1\r\nHost: gw\r\n");
    for (int i = 0; i < 12; i++) {
      request.append("X-H").append(i).append(": v\r\n");
    }

    RawHttp.Response response = send(request.append("\r\n").toString());

    assertProblem(response, 431, "headers_too_large");
  }

  @Test
  void aRepeatedHeaderNameCountsOncePerField() throws IOException {
    StringBuilder request = new StringBuilder("GET /api/x HTTP/1.1\r\nHost: gw\r\n");
    for (int i = 0; i < 12; i++) {
      request.append("X-Same: ").append(i).append("\r\n");
    }

    RawHttp.Response response = send(request.append("\r\n").toString());

    assertProblem(response, 431, "headers_too_large");
  }

  @Test
  void malformedRequestLineIs400() throws IOException {
    RawHttp.Response response = send("GET /api/x HTTP/1.1 trailing-garbage\r\nHost: gw\r\n\r\n");

    assertProblem(response, 400, "bad_request");
  }

  @Test
  void garbageInsteadOfARequestIs400() throws IOException {
    RawHttp.Response response = send("\u0001\u0002 not http at all\r\n\r\n");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void keepAliveConnectionStillWorksAfterA404() throws IOException {
    int before = backend.received().size();
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      connection.send("GET /nowhere HTTP/1.1\r\nHost: gw\r\n\r\n");
      RawHttp.Response notFound = connection.read();
      connection.send("GET /api/after-404 HTTP/1.1\r\nHost: gw\r\n\r\n");
      RawHttp.Response found = connection.read();

      assertProblem(notFound, 404, "no_route");
      assertThat(found.status()).isEqualTo(200);
    }
    assertThat(backend.received().subList(before, backend.received().size()))
        .extracting(TestUpstream.Received::uri).containsExactly("/api/after-404");
  }

  @Test
  void rejectedRequestsNeverReachTheUpstream() throws IOException {
    int before = backend.started();

    send("GET /api/" + "a".repeat(260) + " HTTP/1.1\r\nHost: gw\r\n\r\n");
    send("GET /api/x HTTP/1.1\r\nHost: gw\r\nX-Big: " + "b".repeat(3000) + "\r\n\r\n");

    assertThat(backend.started()).isEqualTo(before);
  }

  static RawHttp.Response send(String request) throws IOException {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      return connection.send(request).read();
    }
  }

  static void assertProblem(RawHttp.Response response, int status, String code) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = new JsonObject(response.bodyText());
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("requestId")).isNotBlank().isEqualTo(response.header("X-Request-Id"));
  }
}
