package dev.portico.security.cors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CORS through the gateway on real sockets: preflights answered at the gateway, headers on responses. */
class CorsIT {
  static final String APP = "https://app.example.com";

  static Vertx vertx;
  static TestUpstream backend;
  static TestUpstream corsyBackend;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    // An upstream with CORS handling of its own that reflects any origin: the gateway's policy wins.
    corsyBackend = TestUpstream.start(vertx, request -> request.response()
        .putHeader("Access-Control-Allow-Origin", request.getHeader("origin") == null ? "*" : request.getHeader("origin"))
        .putHeader("Access-Control-Allow-Credentials", "true")
        .putHeader("Access-Control-Expose-Headers", "X-Secret")
        .putHeader("Vary", "Accept-Encoding")
        .end("corsy"));
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    gateway = TestGateway.start("""
        cors:
          allowedOrigins: [https://app.example.com, "https://*.example.net"]
          allowedMethods: [GET, POST, DELETE]
          allowedHeaders: [Authorization, Content-Type]
          exposedHeaders: [X-Request-Id]
          allowCredentials: true
          maxAge: 10m
        upstreams:
          backend: { targets: [%s] }
          corsy: { targets: [%s] }
          dead: { targets: ["http://127.0.0.1:%d"] }
        routes:
          - { id: reads, match: { path: /api/orders/**, methods: [GET] }, upstream: backend }
          - { id: writes, match: { path: /api/orders/**, methods: [POST, DELETE, PATCH] }, upstream: backend }
          - id: open
            match: { path: /open/** }
            upstream: backend
            cors: { allowedOrigins: ["*"], allowedHeaders: ["*"] }
          - { id: internal, match: { path: /internal/** }, upstream: backend, cors: false }
          - { id: corsy, match: { path: /corsy/** }, upstream: corsy }
          - { id: dead, match: { path: /dead/** }, upstream: dead }
        """.formatted(backend.url(), corsyBackend.url(), deadPort));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    corsyBackend.close();
    vertx.close();
  }

  @Test
  void preflight_isAnsweredAtTheGatewayAndNeverForwarded() throws IOException {
    int before = backend.started();

    RawHttp.Response response = send("OPTIONS /api/orders/7 HTTP/1.1", "Origin: " + APP,
        "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization");

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST, DELETE");
    assertThat(response.header("Access-Control-Allow-Headers")).isEqualTo("authorization, content-type");
    assertThat(response.header("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(response.header("Vary")).contains("Origin");
    assertThat(response.header("X-Request-Id")).isNotBlank();
    assertThat(backend.started()).as("the upstream saw nothing").isEqualTo(before);
  }

  @Test
  void preflight_findsTheRouteOfTheAnnouncedMethod() throws IOException {
    // Neither route accepts OPTIONS; the preflight is routed as the DELETE it announces.
    RawHttp.Response response = send("OPTIONS /api/orders/7 HTTP/1.1", "Origin: https://shop.example.net",
        "Access-Control-Request-Method: DELETE");

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example.net");
  }

  @Test
  void preflight_disallowedOriginMethodOrHeader_is403AndNotForwarded() throws IOException {
    int before = backend.started();

    RawHttp.Response origin = send("OPTIONS /api/orders/7 HTTP/1.1", "Origin: https://evil.example",
        "Access-Control-Request-Method: GET");
    // The route serves PATCH, the CORS policy does not allow it.
    RawHttp.Response method = send("OPTIONS /api/orders/7 HTTP/1.1", "Origin: " + APP,
        "Access-Control-Request-Method: PATCH");
    RawHttp.Response header = send("OPTIONS /api/orders/7 HTTP/1.1", "Origin: " + APP,
        "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization, x-debug");

    for (RawHttp.Response r : new RawHttp.Response[] {origin, method, header}) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(new JsonObject(r.bodyText()).getString("code")).isEqualTo("forbidden");
      assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }
    assertThat(backend.started()).isEqualTo(before);
  }

  @Test
  void actualRequest_fromAnAllowedOrigin_getsTheOriginEchoedWithVary() throws IOException {
    RawHttp.Response response = send("GET /api/orders/7 HTTP/1.1", "Origin: https://a.example.net");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://a.example.net");
    assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.header("Access-Control-Expose-Headers")).isEqualTo("X-Request-Id");
    assertThat(response.headers().get("vary")).containsExactly("Origin");
  }

  @Test
  void arbitraryOrigin_isNeverReflectedWithCredentials() throws IOException {
    for (String origin : new String[] {"https://evil.example", "null", "https://app.example.com.evil.example",
        "https://evil.example/https://app.example.com"}) {
      RawHttp.Response response = send("GET /api/orders/7 HTTP/1.1", "Origin: " + origin);

      assertThat(response.status()).as(origin).isEqualTo(200);
      assertThat(response.header("Access-Control-Allow-Origin")).as(origin).isNull();
      assertThat(response.header("Access-Control-Allow-Credentials")).as(origin).isNull();
      assertThat(response.header("Vary")).as(origin).isEqualTo("Origin");
    }
  }

  @Test
  void upstreamCorsHeaders_areReplacedByTheGateways() throws IOException {
    RawHttp.Response evil = send("GET /corsy/x HTTP/1.1", "Origin: https://evil.example");
    RawHttp.Response app = send("GET /corsy/x HTTP/1.1", "Origin: " + APP);

    assertThat(evil.status()).isEqualTo(200);
    assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
    assertThat(evil.header("Access-Control-Allow-Credentials")).isNull();
    assertThat(evil.header("Access-Control-Expose-Headers")).isNull();
    assertThat(evil.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(evil.headers().get("vary")).containsExactly("Accept-Encoding", "Origin");
    assertThat(app.headers().get("access-control-allow-origin")).containsExactly(APP);
    assertThat(app.header("Access-Control-Expose-Headers")).isEqualTo("X-Request-Id");
  }

  @Test
  void gatewayErrors_carryCorsHeaders_soBrowsersCanReadThem() throws IOException {
    RawHttp.Response response = send("GET /dead/x HTTP/1.1", "Origin: " + APP);

    assertThat(response.status()).isEqualTo(502);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(APP);
  }

  @Test
  void routeWithItsOwnPolicy_anyOriginWithoutCredentials() throws IOException {
    RawHttp.Response preflight = send("OPTIONS /open/x HTTP/1.1", "Origin: https://anyone.example",
        "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: X-Custom, Content-Type");
    RawHttp.Response actual = send("GET /open/x HTTP/1.1", "Origin: https://anyone.example");

    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
    assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, POST");
    assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("x-custom, content-type");
    assertThat(actual.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(actual.header("Vary")).isNull();
  }

  @Test
  void routeWithCorsOff_forwardsOptionsAndAddsNothing() throws IOException {
    int before = backend.received().size();

    RawHttp.Response preflight = send("OPTIONS /internal/x HTTP/1.1", "Origin: " + APP,
        "Access-Control-Request-Method: GET");

    assertThat(preflight.status()).isEqualTo(200);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    assertThat(backend.received()).hasSize(before + 1);
    assertThat(backend.last().method()).isEqualTo("OPTIONS");
  }

  @Test
  void preflight_forAMethodNoRouteServes_is405() throws IOException {
    RawHttp.Response response = send("OPTIONS /api/orders/7 HTTP/1.1", "Origin: " + APP,
        "Access-Control-Request-Method: PUT");

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void optionsWithoutRequestMethod_isNotAPreflight() throws IOException {
    RawHttp.Response response = send("OPTIONS /api/orders/7 HTTP/1.1", "Origin: " + APP);

    assertThat(response.status()).isEqualTo(405);
  }

  static RawHttp.Response send(String requestLine, String... headers) throws IOException {
    StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: gw\r\n");
    for (String h : headers) {
      request.append(h).append("\r\n");
    }
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      return connection.send(request.append("\r\n").toString()).read();
    }
  }
}
