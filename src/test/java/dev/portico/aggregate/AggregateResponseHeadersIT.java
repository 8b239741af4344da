package dev.portico.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A route's response header edits apply to the answer an aggregate builds, as to a proxied one. */
class AggregateResponseHeadersIT {
  static Vertx vertx;
  static TestUpstream shop;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    shop = TestUpstream.echo(vertx, "shop");
    gateway = TestGateway.start("""
        upstreams:
          shop: { targets: [%s] }
        routes:
          - id: checkout
            match: { path: "/checkout/{orderId}" }
            aggregate:
              order: { upstream: shop, path: "/orders/{orderId}", required: true }
            transform:
              response:
                headers:
                  set: { X-Order: "order-{orderId}", Cache-Control: no-store }
                  add: { X-Served-By: portico }
          - id: plain
            match: { path: "/plain/{orderId}" }
            aggregate:
              order: { upstream: shop, path: "/orders/{orderId}", required: true }
        """.formatted(shop.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    shop.close();
    vertx.close();
  }

  @Test
  void responseHeaderEditsApplyToTheAggregatesAnswer() {
    HttpResponse<String> response = Http.get(gateway.url("/checkout/7"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getJsonObject("order").getString("uri")).isEqualTo("/orders/7");
    assertThat(response.headers().allValues("X-Order")).containsExactly("order-7");
    assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
    assertThat(response.headers().allValues("X-Served-By")).containsExactly("portico");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void anAggregateWithoutEditsKeepsItsHeaders() {
    HttpResponse<String> response = Http.get(gateway.url("/plain/7"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Order")).isEmpty();
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
  }
}
