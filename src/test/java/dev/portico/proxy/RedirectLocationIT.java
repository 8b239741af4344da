package dev.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redirects from upstreams reach the client in the gateway's address space: a URL naming the
 * upstream's internal address gets the client's host, and the stripped prefix comes back.
 */
class RedirectLocationIT {
  static Vertx vertx;
  static TestUpstream backend;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend = TestUpstream.start(vertx, request -> {
      String location = switch (request.path()) {
        case "/self" -> backend.url() + "/orders/42?tab=items";
        case "/relative" -> "/orders/42";
        default -> "https://login.example.com/start";
      };
      request.response().setStatusCode(302).putHeader("Location", location).end();
    });
    gateway = TestGateway.start("""
        listen: { port: 0 }
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: shop, match: { path: /shop/** }, upstream: backend, rewrite: { stripPrefix: /shop } }
          - id: edited
            match: { path: /edited/** }
            upstream: backend
            rewrite: { stripPrefix: /edited }
            transform: { response: { headers: { set: { X-Edited: "yes" } } } }
        """.formatted(backend.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    vertx.close();
  }

  @Test
  void aRedirectToTheUpstreamItselfPointsAtTheGatewayWithThePrefixBack() throws IOException {
    assertThat(location("/shop/self")).isEqualTo("http://shop.example.com/shop/orders/42?tab=items");
  }

  @Test
  void aPathAbsoluteRedirectGetsThePrefixBack() throws IOException {
    assertThat(location("/shop/relative")).isEqualTo("/shop/orders/42");
  }

  @Test
  void aRedirectToAnotherHostPassesUntouched() throws IOException {
    assertThat(location("/shop/elsewhere")).isEqualTo("https://login.example.com/start");
  }

  @Test
  void routesOnTheBufferingClientPathRewriteTheirRedirectsToo() throws IOException {
    RawHttp.Response response = send("/edited/self");

    assertThat(response.header("x-edited")).isEqualTo("yes");
    assertThat(response.header("location")).isEqualTo("http://shop.example.com/edited/orders/42?tab=items");
  }

  private static String location(String path) throws IOException {
    RawHttp.Response response = send(path);
    assertThat(response.status()).isEqualTo(302);
    return response.header("location");
  }

  private static RawHttp.Response send(String path) throws IOException {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5_000)) {
      return connection.send("GET " + path + " HTTP/1.1\r\nHost: shop.example.com\r\n\r\n").read();
    }
  }
}
