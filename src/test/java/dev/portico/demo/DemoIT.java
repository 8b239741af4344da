package dev.portico.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@code portico demo} runs: the shop services behind a gateway on the shipped demo config. */
class DemoIT {
  static Vertx vertx;
  static ShopServices shop;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    shop = ShopServices.start(vertx, ShopServices.Ports.ephemeral())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    gateway = TestGateway.start(demoConfigOn(shop.ports()));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    shop.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close();
  }

  /** The shipped demo/shop.yaml, with every port it names replaced by the ephemeral ones. */
  static String demoConfigOn(ShopServices.Ports ports) throws Exception {
    String yaml;
    try (InputStream in = DemoIT.class.getResourceAsStream("/demo/shop.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ShopServices.Ports defaults = ShopServices.Ports.defaults();
    String adjusted = yaml
        .replace("listen: { port: 8080 }", "listen: { port: 0 }")
        .replace("admin: { port: 9901 }", "admin: { port: 0 }")
        .replace(":" + defaults.orders1(), ":" + ports.orders1())
        .replace(":" + defaults.orders2(), ":" + ports.orders2())
        .replace(":" + defaults.customers(), ":" + ports.customers())
        .replace(":" + defaults.products(), ":" + ports.products());
    assertThat(adjusted).doesNotContain("8080", "9901", "9101", "9102", "9201", "9301");
    return adjusted;
  }

  @Test
  void orders_alternateBetweenTheTwoInstances() {
    List<String> servedBy = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> response = Http.get(gateway.url("/api/orders/1"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(response.body()).getInteger("id")).isEqualTo(1);
      servedBy.add(response.headers().firstValue("X-Served-By").orElseThrow());
    }

    assertThat(servedBy).containsOnly("orders-1", "orders-2");
    for (int i = 1; i < servedBy.size(); i++) {
      assertThat(servedBy.get(i)).as("response %d", i).isNotEqualTo(servedBy.get(i - 1));
    }
  }

  @Test
  void apiVersionHeader_picksTheV2Route() {
    HttpResponse<String> v1 = Http.get(gateway.url("/api/orders/1"));
    HttpResponse<String> v2 = Http.get(gateway.url("/api/orders/1"), "X-Api-Version", "2");

    assertThat(v2.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(v2.body()).fieldNames()).isNotEqualTo(new JsonObject(v1.body()).fieldNames());
  }

  @Test
  void customer_isJson() {
    HttpResponse<String> response = Http.get(gateway.url("/api/customers/3"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(new JsonObject(response.body()).getInteger("id")).isEqualTo(3);
  }

  @Test
  void productsByIds_isAJsonArrayInTheOrderAsked() {
    HttpResponse<String> response = Http.get(gateway.url("/api/products?ids=2,1"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray products = new JsonArray(response.body());
    assertThat(products).hasSize(2);
    assertThat(products.getJsonObject(0).getInteger("id")).isEqualTo(2);
    assertThat(products.getJsonObject(1).getInteger("id")).isEqualTo(1);
  }

  @Test
  void postOrder_isCreatedThroughTheGateway() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/api/orders")))
        .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\": 2, \"lines\": [{\"productId\": 4, \"quantity\": 1}]}")),
        "Content-Type", "application/json");

    assertThat(response.statusCode()).isEqualTo(201);
    // The service answers /orders/{id}; the gateway puts the stripped /api back, so the link works.
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/api/orders/");
    assertThat(Http.get(gateway.url(location)).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPath_isAProblemBody() {
    HttpResponse<String> response = Http.get(gateway.url("/nope"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("no_route");
    assertThat(problem.getInteger("status")).isEqualTo(404);
    assertThat(problem.getString("instance")).isEqualTo("/nope");
    assertThat(problem.getString("requestId"))
        .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void checkout_webGetsTheFullViewAndThePartialMark() {
    HttpResponse<String> response = Http.get(gateway.url("/api/checkout/1"), "X-Client", "web");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.fieldNames()).containsExactly("order", "customer", "products", "_partial");
    JsonObject order = body.getJsonObject("order");
    assertThat(order.getInteger("id")).isEqualTo(1);
    assertThat(body.getJsonObject("customer").getInteger("id")).isEqualTo(order.getInteger("customerId"));
    assertThat(body.getJsonArray("products").stream().map(p -> ((JsonObject) p).getInteger("id")).toList())
        .isEqualTo(order.getJsonArray("productIds").getList());
    // The slow recommendations service is optional: past its timeout it is named, not waited for.
    assertThat(body.getJsonObject("_partial").getMap()).isEqualTo(java.util.Map.of("recommendations", "timeout"));
  }

  @Test
  void checkout_mobileGetsTheCompactView() {
    HttpResponse<String> response = Http.get(gateway.url("/api/checkout/1"), "X-Client", "mobile");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("order", "customer", "products", "items", "_partial");
    assertThat(body.getJsonObject("order").fieldNames()).containsExactlyInAnyOrder("id", "status", "total");
    assertThat(body.getJsonObject("customer").fieldNames()).containsExactly("name");
    assertThat(body.getJsonArray("products")).isNotEmpty().allSatisfy(p ->
        assertThat(((JsonObject) p).fieldNames()).containsExactlyInAnyOrder("name", "price"));
  }

  @Test
  void adminRouteTable_listsTheCheckoutCalls() {
    JsonArray routes = new JsonObject(gateway.adminGet("/routes").body())
        .getJsonArray("routes");
    JsonObject checkout = routes.stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("id").equals("checkout")).findFirst().orElseThrow();
    assertThat(checkout.getJsonObject("aggregate").fieldNames())
        .containsExactly("order", "customer", "products", "recommendations");
    assertThat(checkout.getJsonObject("aggregate").getJsonObject("order").getBoolean("required")).isTrue();
  }

  @Test
  void checkout_ofAnUnknownOrder_isABadGatewayNamingTheOrder() {
    HttpResponse<String> response = Http.get(gateway.url("/api/checkout/999"));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(new JsonObject(response.body()).getString("detail"))
        .isEqualTo("The required part 'order' failed: upstream status 404.");
  }
}
