package dev.portico.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Header and query edits reach the real upstream; response header edits reach the client. */
class TransformIT {
  static final String KEY = "transform-consumer-key-0123456789";
  static final String ORDER = """
      {"id": 7, "internalCost": 3, "customer": {"id": 3, "ssn": "x"}, "lines": [{"sku": "a", "qty": 1}]}""";
  static Vertx vertx;
  static TestUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, request -> {
      if (request.path().startsWith("/json")) {
        request.response().putHeader("Content-Type", "application/json").end(ORDER);
        return;
      }
      request.response()
          .putHeader("Content-Type", "text/plain")
          .putHeader("Server", "orders/1.2")
          .putHeader("X-Internal-Trace", "abc")
          .end("chunk-of-text");
    });
    gateway = TestGateway.start("""
        consumers:
          - { id: shop-app, tenant: acme, apiKey: "%s" }
        upstreams:
          u: { targets: [%s] }
        routes:
          - id: edited
            match: { path: "/orders/{orderId}" }
            upstream: u
            auth: { apiKey: true }
            transform:
              request:
                headers:
                  remove: [X-Debug]
                  rename: { X-Old-Name: X-New-Name }
                  set: { X-Order: "order-{orderId}", X-Tenant-Seen: "{identity.tenant}", X-Trace: "{requestId}" }
                  add: { X-Via-Gateway: portico }
                query:
                  remove: [debug]
                  rename: { q: search }
                  set: { tenant: "{identity.tenant}" }
              response:
                headers:
                  remove: [Server, X-Internal-Trace]
                  set: { X-Order-Id: "{orderId}" }
          - id: public
            match: { path: /public/** }
            upstream: u
            transform:
              request:
                headers:
                  set: { X-Subject: "{identity.subject}" }
          - id: bodies
            match: { path: /json/** }
            upstream: u
            transform:
              maxBodySize: 1KiB
              request:
                body: { remove: [password], rename: { user.mail: user.email } }
              response:
                body: { remove: [internalCost, customer.ssn], rename: { lines.qty: lines.quantity, id: orderId } }
          - id: old
            match: { path: /v1/** }
            upstream: u
            deprecated: { since: 2026-01-01, sunset: "2026-12-31T12:00:00Z", link: "https://example.com/v2" }
          - id: plain
            match: { path: /plain/** }
            upstream: u
        """.formatted(KEY, upstream.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
    vertx.close();
  }

  @Test
  void requestHeadersAreRemovedRenamedSetAndAddedWithTemplates() {
    HttpResponse<String> response = Http.get(gateway.url("/orders/42"), "X-API-Key", KEY, "X-Debug", "1",
        "X-Old-Name", "kept-value", "X-Order", "forged", "X-Via-Gateway", "client");
    assertThat(response.statusCode()).isEqualTo(200);
    MultiMap seen = upstream.last().headers();
    assertThat(seen.get("X-Debug")).isNull();
    assertThat(seen.get("X-Old-Name")).isNull();
    assertThat(seen.getAll("X-New-Name")).containsExactly("kept-value");
    assertThat(seen.getAll("X-Order")).containsExactly("order-42");
    assertThat(seen.getAll("X-Tenant-Seen")).containsExactly("acme");
    assertThat(seen.get("X-Trace")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(seen.getAll("X-Via-Gateway")).containsExactly("client", "portico");
  }

  @Test
  void queryParametersAreRemovedRenamedAndSet() {
    Http.get(gateway.url("/orders/42?debug=1&q=red%20shoes&page=2&tenant=evil"), "X-API-Key", KEY);
    assertThat(upstream.last().uri()).isEqualTo("/orders/42?search=red%20shoes&page=2&tenant=acme");
  }

  @Test
  void responseHeadersAreEditedAndTheBodyStreamsUntouched() {
    HttpResponse<String> response = Http.get(gateway.url("/orders/7"), "X-API-Key", KEY);
    assertThat(response.headers().firstValue("Server")).isEmpty();
    assertThat(response.headers().firstValue("X-Internal-Trace")).isEmpty();
    assertThat(response.headers().firstValue("X-Order-Id")).hasValue("7");
    assertThat(response.body()).isEqualTo("chunk-of-text");
  }

  @Test
  void aTemplateWithoutItsValueLeavesTheHeaderOut_evenIfTheClientSentIt() {
    Http.get(gateway.url("/public/x"), "X-Subject", "forged");
    assertThat(upstream.last().headers().get("X-Subject")).isNull();
  }

  @Test
  void jsonRequestBodyFieldsAreRemovedAndRenamed() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/json/users")))
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":{\"mail\":\"a@b\"},\"password\":\"s\"}")),
        "Content-Type", "application/json");
    assertThat(response.statusCode()).isEqualTo(200);
    String sent = upstream.last().body().toString();
    assertThat(new JsonObject(sent)).isEqualTo(new JsonObject("{\"user\":{\"email\":\"a@b\"}}"));
    assertThat(upstream.last().headers().get("content-length")).isEqualTo(String.valueOf(sent.length()));
  }

  @Test
  void nonJsonRequestBodiesPassAsSent() {
    String text = "{\"password\":\"s\"} but as text";
    Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/json/users")))
        .POST(HttpRequest.BodyPublishers.ofString(text)), "Content-Type", "text/plain");
    assertThat(upstream.last().body().toString()).isEqualTo(text);
  }

  @Test
  void jsonResponseBodyFieldsAreRemovedAndRenamed_throughArrays() {
    HttpResponse<String> response = Http.get(gateway.url("/json/order"));
    assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject("""
        {"orderId": 7, "customer": {"id": 3}, "lines": [{"sku": "a", "quantity": 1}]}"""));
    assertThat(response.headers().firstValue("content-length")).hasValue(String.valueOf(response.body().length()));
  }

  @Test
  void deprecatedRoutesAnnounceDeprecationAndSunset() {
    HttpResponse<String> response = Http.get(gateway.url("/v1/orders"));
    assertThat(response.headers().firstValue("Deprecation")).hasValue("@1767225600");
    assertThat(response.headers().firstValue("Sunset")).hasValue("Thu, 31 Dec 2026 12:00:00 GMT");
    assertThat(response.headers().allValues("Link")).containsExactly("<https://example.com/v2>; rel=\"deprecation\"");
    assertThat(Http.get(gateway.url("/plain/orders")).headers().firstValue("Deprecation")).isEmpty();
  }

  @Test
  void routesWithoutTransformPassHeadersAndQueryAsSent() throws Exception {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/plain/a?debug=1&q=x"))),
        "X-Debug", "1");
    assertThat(response.headers().firstValue("Server")).hasValue("orders/1.2");
    assertThat(upstream.last().uri()).isEqualTo("/plain/a?debug=1&q=x");
    assertThat(upstream.last().headers().get("X-Debug")).isEqualTo("1");
  }
}
