package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code aggregate}, {@code aggregateTimeout}, {@code shape} and {@code views} keys of a route. */
class AggregateConfigTest {
  private static final String UPSTREAMS = "upstreams: { orders: { targets: [http://h:1] }, customers: { targets: "
      + "[http://h:2] } }\n";

  @Test
  void bindsCallsWithDefaultsAndTheRouteDeadline() throws Exception {
    GatewayConfig config = ConfigLoader.parse(UPSTREAMS + """
        routes:
          - id: checkout
            match: { path: "/checkout/{orderId}" }
            timeout: 3s
            aggregate:
              order:    { upstream: orders, path: "/orders/{orderId}", timeout: 500ms, required: true }
              customer: { upstream: customers, path: "/customers/{order.customerId}", method: post,
                          query: { t: "{identity.tenant}" }, headers: { X-Lang: "{query.lang}" }, maxBodySize: 64KiB }
            shape:
              mobile: { fields: [order.id, /customer/name], rename: { order.total: total } }
            views: { consumer: { mobile-app: mobile } }
        """, "portico.yaml", Map.<String, String>of()::get);
    RouteConfig route = config.routes().get(0);
    assertThat(route.upstream()).isEmpty();
    AggregateConfig aggregate = route.aggregate();
    assertThat(aggregate.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(aggregate.calls().keySet()).containsExactly("order", "customer");
    assertThat(aggregate.calls().get("order")).isEqualTo(new AggregateCallConfig("order", "orders", "GET",
        "/orders/{orderId}", Map.of(), Map.of(), Duration.ofMillis(500), true, 1024 * 1024, null, 4));
    AggregateCallConfig customer = aggregate.calls().get("customer");
    assertThat(customer.method()).isEqualTo("POST");
    assertThat(customer.required()).isFalse();
    assertThat(customer.timeout()).isNull();
    assertThat(customer.maxBodySize()).isEqualTo(64 * 1024);
    assertThat(customer.query()).isEqualTo(Map.of("t", "{identity.tenant}"));
    assertThat(route.shape().views().get("mobile")).isEqualTo(
        new ShapeConfig.View(List.of("order.id", "/customer/name"), Map.of("order.total", "total")));
    assertThat(route.shape().selector()).isEqualTo(
        new ShapeConfig.Selector(ShapeConfig.Source.CONSUMER, null, Map.of("mobile-app", "mobile")));
  }

  @Test
  void aggregateTogetherWithUpstream_isAnError() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            upstream: orders
            aggregate: { o: { upstream: orders, path: /o } }
        """)).containsExactly("portico.yaml:5:16: routes[0].aggregate: set together with upstream"
            + " (expected: exactly one of upstream and aggregate)");
  }

  @Test
  void cycleBetweenCalls_namesTheCalls() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            aggregate:
              a: { upstream: orders, path: "/a/{b.id}" }
              b: { upstream: orders, path: "/b/{c.id}" }
              c: { upstream: orders, path: "/c/{a.id}" }
        """)).containsExactly("portico.yaml:5:10: routes[0].aggregate.a: calls depend on each other in a cycle:"
            + " a -> b -> c -> a (expected: calls that only need calls declared without a cycle)");
  }

  @Test
  void referenceToUnknownCall_suggestsTheDeclaredOnes() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            aggregate:
              order:    { upstream: orders, path: /o }
              customer: { upstream: customers, path: "/c/{ordr.customerId}" }
        """)).containsExactly("portico.yaml:6:46: routes[0].aggregate.customer.path: \"{ordr.customerId}\" refers"
            + " to unknown call \"ordr\" (expected: one of [order, customer])");
  }

  @Test
  void routeParameterNotCaptured_isAnError() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            match: { path: "/x/{id}" }
            aggregate:
              order: { upstream: orders, path: "/o/{orderId}" }
        """)).containsExactly("portico.yaml:6:40: routes[0].aggregate.order.path: \"{orderId}\" is not captured by"
            + " match.path \"/x/{id}\" (expected: one of [id], or {call.field})");
  }

  @Test
  void unknownUpstreamAndCallKeys_areErrors() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            aggregate:
              order: { upstream: order, path: /o, requried: true }
        """)).containsExactly(
            "portico.yaml:5:26: routes[0].aggregate.order.upstream: \"order\" is not a defined upstream"
                + " (did you mean \"orders\"?)",
            "portico.yaml:5:43: routes[0].aggregate.order.requried: unknown key (did you mean \"required\"?)");
  }

  @Test
  void badTemplateAndIdentityField_areErrors() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            aggregate:
              order: { upstream: orders, path: "/o/{identity.email}", headers: { X-A: "{oops" } }
        """)).containsExactly(
            "portico.yaml:5:40: routes[0].aggregate.order.path: \"/o/{identity.email}\": \"{identity.email}\" is not"
                + " an identity field (expected: identity.subject, identity.tenant, identity.consumer, identity.plan)"
                + " (expected: {param}, {query.name}, {identity.subject} or {call.field})",
            "portico.yaml:5:79: routes[0].aggregate.order.headers.X-A: \"{oops\": unclosed \"{\" at offset 0"
                + " (expected: {param}, {query.name}, {identity.subject} or {call.field})");
  }

  @Test
  void viewsNamingAnUnknownView_isAnError() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            upstream: orders
            shape: { mobile: { fields: [id] } }
            views: { pathPrefix: { /m/: mobil } }
        """)).containsExactly("portico.yaml:6:33: routes[0].views.pathPrefix./m/: \"mobil\" is not a view"
            + " (expected: one of [mobile])");
  }

  @Test
  void forEachFansOutOverOneListReference() throws Exception {
    GatewayConfig config = ConfigLoader.parse(UPSTREAMS + """
        routes:
          - id: a
            match: { path: "/o/{id}" }
            aggregate:
              order: { upstream: orders, path: "/o/{id}" }
              items: { upstream: orders, path: "/items/{item}", forEach: "{order.itemIds}", concurrency: 2 }
        """, "portico.yaml", Map.<String, String>of()::get);
    AggregateCallConfig items = config.routes().get(0).aggregate().calls().get("items");
    assertThat(items.forEach()).isEqualTo("{order.itemIds}");
    assertThat(items.concurrency()).isEqualTo(2);
  }

  @Test
  void itemOutsideForEach_andForEachWithText_areErrors() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            aggregate:
              order: { upstream: orders, path: "/o/{item}" }
              lines: { upstream: orders, path: "/l/{item}", forEach: "ids={order.ids}" }
        """)).containsExactly(
            "portico.yaml:5:40: routes[0].aggregate.order.path: \"{item}\" outside forEach"
                + " (expected: forEach: \"{call.list}\" on this call, or another reference)",
            "portico.yaml:6:62: routes[0].aggregate.lines.forEach: \"ids={order.ids}\""
                + " (expected: one reference to a list, like \"{order.productIds}\")");
  }

  @Test
  void rewriteOnAnAggregateRoute_isAnError() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            rewrite: { stripPrefix: /api }
            aggregate: { o: { upstream: orders, path: /o } }
        """)).containsExactly("portico.yaml:4:14: routes[0].rewrite: on an aggregate route"
            + " (expected: paths in the calls)");
  }

  @Test
  void neitherUpstreamNorAggregate_isStillMissingUpstream() {
    assertThat(errors(UPSTREAMS + """
        routes:
          - id: a
            match: { path: /a }
        """)).containsExactly("portico.yaml:3:5: routes[0]: missing required key \"upstream\"");
  }
}
