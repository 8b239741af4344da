package dev.portico.transform;

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

/** Views on plain proxied responses: JSON is shaped, anything else streams through as it came. */
class ShapeIT {
  static final String ORDER = """
      {"id": 7, "total": 12.5, "customer": {"id": 3, "name": "Ada"}, "lines": [{"sku": "a", "qty": 1}]}""";
  static Vertx vertx;
  static TestUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, request -> {
      switch (request.path()) {
        case "/json" -> request.response().putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("ETag", "\"v1\"").end(ORDER);
        case "/chunked" -> {
          request.response().setChunked(true).putHeader("Content-Type", "application/json");
          request.response().write(ORDER.substring(0, 20));
          request.response().end(ORDER.substring(20));
        }
        case "/text" -> request.response().putHeader("Content-Type", "text/plain").end(ORDER);
        default -> request.response().setStatusCode(404).end();
      }
    });
    gateway = TestGateway.start("""
        upstreams:
          u: { targets: [%s] }
        routes:
          - id: by-header
            match: { path: /h/** }
            upstream: u
            rewrite: { stripPrefix: /h }
            shape:
              mobile: { fields: [id, customer.name, lines.sku], rename: { total: amount } }
          - id: by-prefix
            match: { path: /p/** }
            upstream: u
            rewrite: { path: /json }
            shape:
              compact: { fields: [id] }
            views: { pathPrefix: { /p/m/: compact } }
          - id: small-limit
            match: { path: /small/** }
            upstream: u
            rewrite: { stripPrefix: /small }
            shape:
              mobile: { fields: [id] }
            views: { header: X-Client, maxBodySize: 10B }
        """.formatted(upstream.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
    vertx.close();
  }

  @Test
  void jsonResponseInTheRequestedView() {
    HttpResponse<String> response = Http.get(gateway.url("/h/json"), "X-Client", "mobile");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject("""
        {"id": 7, "customer": {"name": "Ada"}, "lines": [{"sku": "a"}], "amount": 12.5}"""));
    assertThat(response.headers().firstValue("content-length")).hasValue(
        String.valueOf(response.body().length()));
    assertThat(response.headers().firstValue("etag")).isEmpty();
  }

  @Test
  void chunkedJsonResponseIsShapedToo() {
    HttpResponse<String> response = Http.get(gateway.url("/h/chunked"), "X-Client", "mobile");
    assertThat(new JsonObject(response.body()).fieldNames()).containsExactlyInAnyOrder("id", "customer", "lines",
        "amount");
  }

  @Test
  void withoutAViewOrForOtherTypes_theBodyIsUntouched() {
    assertThat(Http.get(gateway.url("/h/json")).body()).isEqualTo(ORDER);
    assertThat(Http.get(gateway.url("/h/json"), "X-Client", "watch").body()).isEqualTo(ORDER);
    assertThat(Http.get(gateway.url("/h/text"), "X-Client", "mobile").body()).isEqualTo(ORDER);
  }

  @Test
  void viewChosenByPathPrefix() {
    assertThat(new JsonObject(Http.get(gateway.url("/p/m/order")).body())).isEqualTo(new JsonObject("{\"id\":7}"));
    assertThat(Http.get(gateway.url("/p/w/order")).body()).isEqualTo(ORDER);
  }

  @Test
  void bodiesPastTheLimitPassUnshaped() {
    assertThat(Http.get(gateway.url("/small/json"), "X-Client", "mobile").body()).isEqualTo(ORDER);
    assertThat(Http.get(gateway.url("/small/chunked"), "X-Client", "mobile").body()).isEqualTo(ORDER);
  }
}
