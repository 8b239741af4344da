package dev.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProxyIT {
  static Vertx vertx;
  static TestUpstream orders;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    orders = TestUpstream.echo(vertx, "orders");
    gateway = TestGateway.start("""
        upstreams:
          orders: { targets: [%s] }
        routes:
          - id: orders
            match: { path: /api/orders/** }
            upstream: orders
            rewrite: { stripPrefix: /api }
          - id: order-by-id
            match: { path: "/shop/orders/{id}" }
            upstream: orders
            rewrite: { path: "/v2/orders/{id}" }
        """.formatted(orders.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    orders.close();
    vertx.close();
  }

  @Test
  void stripsPrefixAndKeepsQuery() {
    HttpResponse<String> response = Http.get(gateway.url("/api/orders/42?expand=lines&x=%20y"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(orders.last().uri()).isEqualTo("/orders/42?expand=lines&x=%20y");
  }

  @Test
  void templateRewriteUsesPathParameters() {
    HttpResponse<String> response = Http.get(gateway.url("/shop/orders/a%20b"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(orders.last().uri()).isEqualTo("/v2/orders/a%20b");
  }

  @Test
  void generatesRequestIdAndSendsItBothWays() {
    HttpResponse<String> response = Http.get(gateway.url("/api/orders/1"));
    String id = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(orders.last().headers().get("X-Request-Id")).isEqualTo(id);
  }
}
