package dev.portico.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests that violate a route's schemas get 400 with every violation, and never reach the upstream. */
class ValidationIT {
  static Vertx vertx;
  static TestUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.echo(vertx, "orders");
    gateway = TestGateway.start("""
        upstreams:
          u: { targets: [%s] }
        routes:
          - id: create
            match: { path: "/shops/{shopId}/orders", methods: [POST] }
            upstream: u
            validate:
              path:
                shopId: { type: string, pattern: "^[a-z]+$" }
              query:
                page: { type: integer, minimum: 1 }
              maxBodySize: 200B
              body:
                type: object
                required: [items]
                properties:
                  items:
                    type: array
                    minItems: 1
                    items:
                      type: object
                      required: [sku, qty]
                      properties:
                        sku: { type: string }
                        qty: { type: integer, minimum: 1 }
          - id: checked-then-edited
            match: { path: /signup, methods: [POST] }
            upstream: u
            validate:
              body: { type: object, required: [email, password] }
            transform:
              request:
                body: { remove: [password] }
        """.formatted(upstream.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
    vertx.close();
  }

  int sentBefore;

  @BeforeEach
  void count() {
    sentBefore = upstream.started();
  }

  static HttpResponse<String> post(String path, String body) {
    return Http.send(HttpRequest.newBuilder(URI.create(gateway.url(path)))
        .POST(HttpRequest.BodyPublishers.ofString(body)), "Content-Type", "application/json");
  }

  @Test
  void aValidRequestReachesTheUpstreamWithItsBody() {
    String body = "{\"items\":[{\"sku\":\"a\",\"qty\":2}]}";
    HttpResponse<String> response = post("/shops/acme/orders?page=2", body);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.last().body().toString()).isEqualTo(body);
    assertThat(upstream.last().headers().get("content-length")).isEqualTo(String.valueOf(body.length()));
  }

  @Test
  void eachBodyViolationIsListedWithItsPointer_andTheUpstreamIsNotCalled() {
    HttpResponse<String> response = post("/shops/acme/orders", "{\"items\":[{\"sku\":\"a\",\"qty\":\"two\"},{\"qty\":0}]}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("validation_failed");
    JsonArray errors = problem.getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactly("/items/0/qty", "/items/1", "/items/1/qty");
    assertThat(errors.getJsonObject(0).getString("message")).contains("integer");
    assertThat(errors.getJsonObject(1).getString("message")).contains("sku");
    assertThat(errors.getJsonObject(0).getString("in")).isEqualTo("body");
    assertThat(upstream.started()).isEqualTo(sentBefore);
  }

  @Test
  void pathAndQueryParametersAreChecked() {
    HttpResponse<String> response = post("/shops/ACME/orders?page=0", "{\"items\":[{\"sku\":\"a\",\"qty\":1}]}");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonArray errors = new JsonObject(response.body()).getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("in") + ":" + ((JsonObject) e).getString("name")))
        .containsExactly("path:shopId", "query:page");
    assertThat(upstream.started()).isEqualTo(sentBefore);
  }

  @Test
  void bodiesThatAreNotJsonOrMissingAreViolations() {
    HttpResponse<String> broken = post("/shops/acme/orders", "{\"items\": [");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(broken.body()).getJsonArray("errors").getJsonObject(0).getString("message"))
        .startsWith("the body is not valid JSON");
    assertThat(post("/shops/acme/orders", "").statusCode()).isEqualTo(400);
    assertThat(upstream.started()).isEqualTo(sentBefore);
  }

  @Test
  void theBodyIsCheckedAsTheClientSentIt_thenEdited() {
    assertThat(post("/signup", "{\"email\":\"a@b\"}").statusCode()).isEqualTo(400);
    assertThat(upstream.started()).isEqualTo(sentBefore);
    assertThat(post("/signup", "{\"email\":\"a@b\",\"password\":\"s\"}").statusCode()).isEqualTo(200);
    assertThat(upstream.last().body().toString()).isEqualTo("{\"email\":\"a@b\"}");
    assertThat(upstream.last().headers().get("content-length")).isEqualTo("15");
  }

  @Test
  void aBodyPastTheLimitIsRefusedWith413() {
    String big = "{\"items\":[" + "{\"sku\":\"a\",\"qty\":1},".repeat(20) + "{\"sku\":\"a\",\"qty\":1}]}";
    assertThat(post("/shops/acme/orders", big).statusCode()).isEqualTo(413);
    assertThat(upstream.started()).isEqualTo(sentBefore);
  }
}
