package dev.portico.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Aggregates on real sockets: upstreams started here record when each request arrived and was answered. */
class AggregateIT {
  static Vertx vertx;
  static TestUpstream shop;
  static TestGateway gateway;
  /** Per request URI: the upstream's clock when it arrived and when it was answered. */
  static final Map<String, long[]> timings = new ConcurrentHashMap<>();
  static final List<String> arrivals = new CopyOnWriteArrayList<>();
  static final java.util.concurrent.atomic.AtomicInteger itemsInFlight = new java.util.concurrent.atomic.AtomicInteger();
  static final java.util.concurrent.atomic.AtomicInteger maxItemsInFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    shop = TestUpstream.start(vertx, AggregateIT::answer);
    gateway = TestGateway.start("""
        eventLoops: 1
        upstreams:
          shop: { targets: [%s], timeout: 5s }
        routes:
          - id: parallel
            match: { path: /parallel }
            aggregate:
              a: { upstream: shop, path: "/slow/a?ms=300" }
              b: { upstream: shop, path: "/slow/b?ms=300" }
          - id: checkout
            match: { path: "/checkout/{orderId}" }
            aggregateTimeout: 3s
            aggregate:
              order:    { upstream: shop, path: "/orders/{orderId}", required: true }
              customer: { upstream: shop, path: "/customers/{order.customerId}", query: { lang: "{query.lang}" } }
              products: { upstream: shop, path: "/products?ids={order.productIds}" }
            shape:
              mobile: { fields: [order.id, customer.name, products.name], rename: { order.total: total } }
            views: { header: X-Client }
          - id: required-fails
            match: { path: /required-fails }
            aggregate:
              order:  { upstream: shop, path: /status/503, required: true }
              other:  { upstream: shop, path: "/slow/other?ms=10" }
          - id: required-slow
            match: { path: /required-slow }
            aggregate:
              order: { upstream: shop, path: "/slow/required?ms=2000", timeout: 200ms, required: true }
          - id: optional-fails
            match: { path: /optional-fails }
            aggregate:
              order:    { upstream: shop, path: /orders/5, required: true }
              reviews:  { upstream: shop, path: /status/503 }
              slow:     { upstream: shop, path: "/slow/optional?ms=2000", timeout: 150ms }
              seller:   { upstream: shop, path: "/sellers/{reviews.sellerId}" }
          - id: same-twice
            match: { path: "/same-twice" }
            aggregate:
              first:  { upstream: shop, path: "/slow/twice?ms=100" }
              second: { upstream: shop, path: "/slow/twice?ms=100" }
          - id: joined-keeps-its-timeout
            match: { path: /joined }
            aggregate:
              patient:   { upstream: shop, path: "/slow/joined?ms=400", timeout: 3s }
              impatient: { upstream: shop, path: "/slow/joined?ms=400", timeout: 100ms }
          - id: fan-out
            match: { path: "/fan-out/{orderId}" }
            aggregate:
              order:    { upstream: shop, path: "/orders/{orderId}", required: true }
              lines:    { upstream: shop, path: "/bigorder" }
              items:    { upstream: shop, path: "/item/{item}", forEach: "{lines.itemIds}", concurrency: 2 }
          - id: coalesce
            match: { path: "/coalesce/{id}" }
            aggregate:
              thing: { upstream: shop, path: "/slow/coalesce-{id}?ms=400" }
        """.formatted(shop.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    shop.close();
    vertx.close();
  }

  private static void answer(HttpServerRequest request) {
    long arrived = System.nanoTime();
    arrivals.add(request.uri());
    String path = request.path();
    if (path.startsWith("/slow/")) {
      long ms = Long.parseLong(request.getParam("ms"));
      vertx.setTimer(ms, id -> {
        timings.put(request.uri(), new long[] {arrived, System.nanoTime()});
        json(request, new JsonObject().put("at", path));
      });
    } else if (path.equals("/bigorder")) {
      json(request, new JsonObject().put("itemIds", new JsonArray(List.of(6, 5, 4, 3, 2, 1))));
    } else if (path.startsWith("/item/")) {
      int now = itemsInFlight.incrementAndGet();
      maxItemsInFlight.accumulateAndGet(now, Math::max);
      vertx.setTimer(50, id -> {
        itemsInFlight.decrementAndGet();
        json(request, new JsonObject().put("item", Integer.parseInt(path.substring(6))));
      });
    } else if (path.startsWith("/status/")) {
      request.response().setStatusCode(Integer.parseInt(path.substring(8))).end();
    } else if (path.startsWith("/orders/")) {
      // 100 ms, so that calls that need the order start measurably later.
      vertx.setTimer(100, id -> {
        timings.put(request.uri(), new long[] {arrived, System.nanoTime()});
        json(request, new JsonObject().put("id", Integer.parseInt(path.substring(8))).put("customerId", 7)
            .put("productIds", new JsonArray().add(1).add(2)).put("total", 12.5));
      });
    } else if (path.startsWith("/customers/")) {
      timings.put(request.uri(), new long[] {arrived, arrived});
      json(request, new JsonObject().put("id", path.substring(11)).put("name", "Ada").put("vip", true));
    } else if (path.equals("/products")) {
      timings.put(request.uri(), new long[] {arrived, arrived});
      JsonArray products = new JsonArray();
      for (String id : request.getParam("ids").split(",")) {
        products.add(new JsonObject().put("id", Integer.parseInt(id)).put("name", "p" + id).put("price", 3));
      }
      json(request, products);
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private static void json(HttpServerRequest request, Object body) {
    request.response().putHeader("Content-Type", "application/json").end(io.vertx.core.json.Json.encode(body));
  }

  private static TestUpstream.Received received(String uri, String requestId) {
    return shop.received().stream()
        .filter(r -> r.uri().equals(uri) && requestId.equals(r.headers().get("X-Request-Id")))
        .findFirst().orElseThrow();
  }

  @Test
  void independentCallsOverlap() {
    HttpResponse<String> response = Http.get(gateway.url("/parallel"));
    assertThat(response.statusCode()).isEqualTo(200);
    long[] a = timings.get("/slow/a?ms=300");
    long[] b = timings.get("/slow/b?ms=300");
    // Each arrived at the upstream before the other was answered: they were in flight together.
    assertThat(a[0]).isLessThan(b[1]);
    assertThat(b[0]).isLessThan(a[1]);
    assertThat(new JsonObject(response.body()).fieldNames()).containsExactly("a", "b");
  }

  @Test
  void dependentCallsGetTheirParentsValuesAfterItAnswers() {
    HttpResponse<String> response = Http.get(gateway.url("/checkout/42?lang=en%20GB"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getJsonObject("order").getInteger("id")).isEqualTo(42);
    assertThat(body.getJsonObject("customer").getString("name")).isEqualTo("Ada");
    assertThat(body.getJsonArray("products")).hasSize(2);
    assertThat(body.containsKey("_partial")).isFalse();
    long[] order = timings.get("/orders/42");
    long[] customer = timings.get("/customers/7?lang=en%20GB");
    long[] products = timings.get("/products?ids=1,2");
    assertThat(customer[0]).isGreaterThan(order[1]);
    assertThat(products[0]).isGreaterThan(order[1]);
  }

  @Test
  void eachCallCarriesTheRemainingDeadlineAndTheRequestId() {
    HttpResponse<String> response = Http.get(gateway.url("/checkout/43"));
    String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(response.statusCode()).isEqualTo(200);
    // Found by the request id the client got back: both calls carried it.
    TestUpstream.Received order = received("/orders/43", requestId);
    TestUpstream.Received customer = received("/customers/7", requestId);
    long orderBudget = Long.parseLong(order.headers().get("X-Portico-Deadline-Ms"));
    long customerBudget = Long.parseLong(customer.headers().get("X-Portico-Deadline-Ms"));
    assertThat(orderBudget).isBetween(1L, 3000L);
    // The customer call starts after the order answered (100 ms later): less of the deadline is left.
    assertThat(customerBudget).isLessThan(orderBudget);
  }

  @Test
  void failedRequiredCall_isBadGatewayNamingThePart() {
    HttpResponse<String> response = Http.get(gateway.url("/required-fails"));
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("aggregate_part_failed");
    assertThat(problem.getString("detail")).isEqualTo("The required part 'order' failed: upstream status 503.");
  }

  @Test
  void requiredCallPastItsTimeout_isGatewayTimeout() {
    HttpResponse<String> response = Http.get(gateway.url("/required-slow"));
    assertThat(response.statusCode()).isEqualTo(504);
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("aggregate_part_timeout");
    assertThat(problem.getString("detail")).contains("'order'");
  }

  @Test
  void failedOptionalCalls_areListedInPartialBesideTheRest() {
    HttpResponse<String> response = Http.get(gateway.url("/optional-fails"));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getJsonObject("order").getInteger("id")).isEqualTo(5);
    assertThat(body.getJsonObject("_partial").getMap()).isEqualTo(Map.of(
        "reviews", "upstream status 503",
        "slow", "timeout",
        "seller", "skipped: needs reviews"));
    assertThat(body.fieldNames()).containsExactly("order", "_partial");
  }

  @Test
  void identicalCallsOfOneRequestReachTheUpstreamOnce() {
    HttpResponse<String> response = Http.get(gateway.url("/same-twice"));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getJsonObject("first")).isEqualTo(body.getJsonObject("second"));
    assertThat(arrivals.stream().filter(u -> u.equals("/slow/twice?ms=100")).count()).isEqualTo(1);
  }

  @Test
  void aCallJoiningAnotherKeepsItsOwnTimeout() {
    JsonObject body = new JsonObject(Http.get(gateway.url("/joined")).body());
    assertThat(body.getJsonObject("patient").getString("at")).isEqualTo("/slow/joined");
    assertThat(body.getJsonObject("_partial").getMap()).isEqualTo(Map.of("impatient", "timeout"));
    assertThat(arrivals.stream().filter(u -> u.equals("/slow/joined?ms=400")).count()).isEqualTo(1);
  }

  @Test
  void identicalConcurrentRequestsShareOneUpstreamCall() throws Exception {
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(() -> Http.get(gateway.url("/coalesce/9")));
    CompletableFuture<HttpResponse<String>> second =
        CompletableFuture.supplyAsync(() -> Http.get(gateway.url("/coalesce/9")));
    assertThat(first.get().statusCode()).isEqualTo(200);
    assertThat(second.get().statusCode()).isEqualTo(200);
    assertThat(first.get().body()).isEqualTo(second.get().body());
    assertThat(arrivals.stream().filter(u -> u.equals("/slow/coalesce-9?ms=400")).count()).isEqualTo(1);
  }

  @Test
  void forEachCallsOncePerElementWithinItsConcurrencyBound() {
    HttpResponse<String> response = Http.get(gateway.url("/fan-out/1"));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray items = new JsonObject(response.body()).getJsonArray("items");
    assertThat(items.stream().map(i -> ((JsonObject) i).getInteger("item")).toList())
        .containsExactly(6, 5, 4, 3, 2, 1);
    assertThat(maxItemsInFlight.get()).isEqualTo(2);
  }

  @Test
  void viewChosenByHeaderKeepsExactlyItsFields() {
    HttpResponse<String> mobile = Http.get(gateway.url("/checkout/44"), "X-Client", "mobile");
    assertThat(mobile.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(mobile.body())).isEqualTo(new JsonObject("""
        {"order": {"id": 44}, "customer": {"name": "Ada"},
         "products": [{"name": "p1"}, {"name": "p2"}], "total": 12.5}"""));
    HttpResponse<String> unknown = Http.get(gateway.url("/checkout/44"), "X-Client", "watch");
    assertThat(new JsonObject(unknown.body()).getJsonObject("customer").getBoolean("vip")).isTrue();
  }
}
