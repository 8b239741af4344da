package dev.portico.demo;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo shop services on real sockets, ephemeral ports. */
class ShopServicesTest {

  private static Vertx vertx;
  private static ShopServices shop;
  private static HttpClient client;

  record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }

    JsonArray jsonArray() {
      return body.toJsonArray();
    }

    String contentType() {
      return headers.get("Content-Type");
    }
  }

  @BeforeAll
  static void startShop() throws Exception {
    vertx = Vertx.vertx();
    shop = await(ShopServices.start(vertx, ShopServices.Ports.ephemeral()));
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stopShop() throws Exception {
    await(shop.stop());
    await(client.close());
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Reply call(HttpMethod method, int port, String uri, String body) throws Exception {
    // The whole exchange is composed inside the request's callback, on its event loop: a listener
    // attached later from this test thread could miss a response that had already been read.
    return await(client.request(method, port, "127.0.0.1", uri).compose(req -> {
      if (body != null) {
        req.putHeader("Content-Type", "application/json");
      }
      Future<HttpClientResponse> sent = body == null ? req.send() : req.send(body);
      return sent.compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b)));
    }));
  }

  private static Reply get(int port, String uri) throws Exception {
    return call(HttpMethod.GET, port, uri, null);
  }

  private static void assertProblem(Reply reply, int status) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    JsonObject problem = reply.json();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
  }

  @Test
  void startResolvesEphemeralPorts() {
    ShopServices.Ports ports = shop.ports();
    assertThat(List.of(ports.orders1(), ports.orders2(), ports.customers(), ports.products()))
        .allMatch(p -> p > 0)
        .doesNotHaveDuplicates();
  }

  @Test
  void ordersInstancesIdentifyThemselvesInHeaderAndBody() throws Exception {
    Reply one = get(shop.ports().orders1(), "/orders/1");
    Reply two = get(shop.ports().orders2(), "/orders/1");

    assertThat(one.headers().get("X-Served-By")).isEqualTo("orders-1");
    assertThat(one.json().getString("servedBy")).isEqualTo("orders-1");
    assertThat(two.headers().get("X-Served-By")).isEqualTo("orders-2");
    assertThat(two.json().getString("servedBy")).isEqualTo("orders-2");
    assertThat(get(shop.ports().orders2(), "/nope").headers().get("X-Served-By")).isEqualTo("orders-2");
  }

  @Test
  void listOrders_returnsTheSixSeedOrders() throws Exception {
    Reply reply = get(shop.ports().orders1(), "/orders");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("application/json");
    JsonObject body = reply.json();
    assertThat(body.getString("servedBy")).isEqualTo("orders-1");
    assertThat(body.getJsonArray("orders").size()).isEqualTo(body.getInteger("count")).isGreaterThanOrEqualTo(6);
    assertThat(body.getJsonArray("orders").getJsonObject(0).getInteger("id")).isEqualTo(1);
  }

  @Test
  void getOrder_hasTheDocumentedFields() throws Exception {
    Reply reply = get(shop.ports().orders1(), "/orders/1");

    assertThat(reply.status()).isEqualTo(200);
    JsonObject order = reply.json();
    assertThat(order.fieldNames()).contains("id", "customerId", "productIds", "lines", "total", "currency",
        "status", "createdAt", "servedBy");
    assertThat(order.getInteger("id")).isEqualTo(1);
    assertThat(order.getInteger("customerId")).isEqualTo(1);
    assertThat(order.getJsonArray("productIds").getList()).containsExactly(1, 2, 5);
    assertThat(order.getString("currency")).isEqualTo("EUR");
    assertThat(order.getString("status")).isEqualTo("DELIVERED");
    assertThat(Instant.parse(order.getString("createdAt"))).isBefore(Instant.now());
    JsonObject firstLine = order.getJsonArray("lines").getJsonObject(0);
    assertThat(firstLine.getInteger("productId")).isEqualTo(1);
    assertThat(firstLine.getInteger("quantity")).isEqualTo(1);
    assertThat(firstLine.getDouble("unitPrice")).isEqualTo(89.00);
    // 89.00 + 29.99 + 2 x 12.99
    assertThat(order.getDouble("total")).isEqualTo(144.97);
  }

  @Test
  void getOrderV2_hasTheV2Shape() throws Exception {
    JsonObject order = get(shop.ports().orders1(), "/v2/orders/1").json();

    assertThat(order.getInteger("apiVersion")).isEqualTo(2);
    assertThat(order.getJsonObject("total").getDouble("amount")).isEqualTo(144.97);
    assertThat(order.getJsonArray("lines").getJsonObject(0).getJsonObject("product").getString("name"))
        .isEqualTo("Mechanical keyboard");
  }

  @Test
  void unknownOrder_is404ProblemJson() throws Exception {
    for (String uri : List.of("/orders/999", "/orders/abc", "/orders/-1", "/orders/0", "/v2/orders/999")) {
      Reply reply = get(shop.ports().orders1(), uri);
      assertProblem(reply, 404);
      assertThat(reply.json().getString("instance")).isEqualTo(uri);
      assertThat(reply.json().getString("servedBy")).isEqualTo("orders-1");
    }
  }

  @Test
  void postOrder_creates201WithLocation_andTheOtherInstanceSeesIt() throws Exception {
    String body = "{\"customerId\": 3, \"lines\": [{\"productId\": 4, \"quantity\": 2}, {\"productId\": 5}]}";
    Reply created = call(HttpMethod.POST, shop.ports().orders1(), "/orders", body);

    assertThat(created.status()).isEqualTo(201);
    JsonObject order = created.json();
    int id = order.getInteger("id");
    assertThat(id).isGreaterThan(6);
    assertThat(created.headers().get("Location")).isEqualTo("/orders/" + id);
    assertThat(order.getInteger("customerId")).isEqualTo(3);
    assertThat(order.getString("status")).isEqualTo("PLACED");
    assertThat(order.getJsonArray("productIds").getList()).containsExactly(4, 5);
    assertThat(order.getDouble("total")).isEqualTo(2 * 199.50 + 12.99);

    Reply fetched = get(shop.ports().orders2(), "/orders/" + id);
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json().getDouble("total")).isEqualTo(order.getDouble("total"));
  }

  @Test
  void postInvalidJson_is400ProblemJson() throws Exception {
    for (String body : List.of("{not json", "[1, 2]", "")) {
      assertProblem(call(HttpMethod.POST, shop.ports().orders2(), "/orders", body), 400);
    }
  }

  @Test
  void postUnknownThings_is422WithEveryError() throws Exception {
    String body = "{\"customerId\": 42, \"lines\": [{\"productId\": 99, \"quantity\": 1},"
        + " {\"productId\": 6, \"quantity\": 0}]}";
    Reply reply = call(HttpMethod.POST, shop.ports().orders1(), "/orders", body);

    assertProblem(reply, 422);
    assertThat(reply.json().getJsonArray("errors").getList()).hasSize(4)
        .anySatisfy(e -> assertThat((String) e).startsWith("customerId: 42"))
        .anySatisfy(e -> assertThat((String) e).startsWith("lines[0].productId: 99"))
        .anySatisfy(e -> assertThat((String) e).contains("out of stock"))
        .anySatisfy(e -> assertThat((String) e).startsWith("lines[1].quantity: 0"));
  }

  @Test
  void wrongMethod_is405WithAllow() throws Exception {
    Reply reply = call(HttpMethod.DELETE, shop.ports().orders1(), "/orders/1", null);

    assertProblem(reply, 405);
    assertThat(reply.headers().get("Allow")).isEqualTo("GET");
  }

  @Test
  void getCustomer_hasTheDocumentedFields() throws Exception {
    Reply reply = get(shop.ports().customers(), "/customers/3");

    assertThat(reply.status()).isEqualTo(200);
    JsonObject customer = reply.json();
    assertThat(customer.getInteger("id")).isEqualTo(3);
    assertThat(customer.getString("name")).isEqualTo("Grace Hopper");
    assertThat(customer.getString("email")).isEqualTo("grace@example.com");
    assertThat(customer.getString("tier")).isEqualTo("platinum");
    assertThat(customer.getJsonObject("address").fieldNames()).contains("street", "city", "postalCode", "country");
  }

  @Test
  void unknownCustomer_is404ProblemJson() throws Exception {
    assertProblem(get(shop.ports().customers(), "/customers/6"), 404);
    assertProblem(get(shop.ports().customers(), "/elsewhere"), 404);
  }

  @Test
  void getProductsByIds_returnsThemInTheOrderAsked() throws Exception {
    Reply reply = get(shop.ports().products(), "/products?ids=3,1,2");

    assertThat(reply.status()).isEqualTo(200);
    JsonArray products = reply.jsonArray();
    assertThat(products.stream().map(p -> ((JsonObject) p).getInteger("id")).toList()).containsExactly(3, 1, 2);
    assertThat(products.getJsonObject(1).fieldNames())
        .contains("id", "sku", "name", "category", "price", "currency", "stock", "inStock");
    assertThat(get(shop.ports().products(), "/products").jsonArray().size()).isEqualTo(8);
    assertThat(get(shop.ports().products(), "/products?ids=1,77").jsonArray().size()).isEqualTo(1);
  }

  @Test
  void recommendations_areThreeInStockProducts() throws Exception {
    JsonArray products = get(shop.ports().products(), "/recommendations?customer=2").jsonArray();

    assertThat(products).hasSize(3).allSatisfy(p -> assertThat(((JsonObject) p).getBoolean("inStock")).isTrue());
  }

  @Test
  void getProductsWithBadIds_is400() throws Exception {
    assertProblem(get(shop.ports().products(), "/products?ids=1,two"), 400);
  }

  @Test
  void getProduct_andUnknownProduct() throws Exception {
    JsonObject product = get(shop.ports().products(), "/products/6").json();
    assertThat(product.getString("name")).isEqualTo("Thunderbolt dock");
    assertThat(product.getBoolean("inStock")).isFalse();

    assertProblem(get(shop.ports().products(), "/products/9"), 404);
  }

  @Test
  void everyServiceHasHealth() throws Exception {
    ShopServices.Ports p = shop.ports();
    for (int port : new int[] {p.orders1(), p.orders2(), p.customers(), p.products()}) {
      Reply reply = get(port, "/health");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().getString("status")).isEqualTo("UP");
    }
    assertThat(get(p.orders2(), "/health").json().getString("service")).isEqualTo("orders-2");
  }

  @Test
  void dataIsConsistent_everyOrderResolvesItsCustomerAndProducts() throws Exception {
    JsonArray orders = get(shop.ports().orders1(), "/orders").json().getJsonArray("orders");
    for (Object o : orders) {
      JsonObject order = (JsonObject) o;
      assertThat(get(shop.ports().customers(), "/customers/" + order.getInteger("customerId")).status())
          .as("customer of order %s", order.getInteger("id")).isEqualTo(200);

      JsonArray productIds = order.getJsonArray("productIds");
      String ids = String.join(",", productIds.stream().map(String::valueOf).toList());
      JsonArray products = get(shop.ports().products(), "/products?ids=" + ids).jsonArray();
      assertThat(products.size()).as("products of order %s", order.getInteger("id")).isEqualTo(productIds.size());

      double total = 0;
      for (Object l : order.getJsonArray("lines")) {
        JsonObject line = (JsonObject) l;
        JsonObject product = get(shop.ports().products(), "/products/" + line.getInteger("productId")).json();
        assertThat(line.getDouble("unitPrice")).isEqualTo(product.getDouble("price"));
        total += line.getDouble("unitPrice") * line.getInteger("quantity");
      }
      assertThat(order.getDouble("total")).isCloseTo(total, org.assertj.core.data.Offset.offset(0.001));
    }
  }

  @Test
  void start_failsNamingTheServiceAndPort_whenAPortIsTaken() {
    ShopServices.Ports taken = new ShopServices.Ports(0, 0, shop.ports().customers(), 0);

    assertThatThrownBy(() -> await(ShopServices.start(vertx, taken)))
        .hasMessageContaining("customers: cannot listen on 127.0.0.1:" + shop.ports().customers());
  }

  @Test
  void shopYaml_pointsAtTheDefaultPorts() throws Exception {
    String yaml;
    try (var in = ShopServices.class.getResourceAsStream("/demo/shop.yaml")) {
      assertThat(in).isNotNull();
      yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    ShopServices.Ports d = ShopServices.Ports.defaults();
    assertThat(yaml).contains("http://127.0.0.1:" + d.orders1(), "http://127.0.0.1:" + d.orders2(),
        "http://127.0.0.1:" + d.customers(), "http://127.0.0.1:" + d.products());
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> parsed = new org.yaml.snakeyaml.Yaml().load(yaml);
    assertThat(parsed).containsOnlyKeys("listen", "admin", "upstreams", "routes");
  }

  @Test
  void tour_showsWhereThingsRunAndWhatToTry() {
    String tour = DemoTour.curlCommands(8080, 9901);

    assertThat(tour).contains(
        "http://127.0.0.1:9101 (orders-1)",
        "curl -s localhost:8080/api/orders/1",
        "for i in 1 2 3 4; do curl -si localhost:8080/api/orders/1 | grep -i x-served-by; done",
        "curl -si localhost:8080/nope",
        "curl -s localhost:9901/metrics | grep portico_",
        "curl -s localhost:9901/ready",
        "-X POST localhost:8080/api/orders");
  }
}
