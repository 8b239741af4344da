package dev.portico.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes validated against operations of OpenAPI documents (3.1 and 3.0) over real sockets: violations
 * get the same 400 problem body as inline schemas, and the upstream is never called for them.
 */
class OpenApiValidationIT {
  /** OpenAPI 3.1: schemas are JSON Schema 2020-12; the body and a parameter come through $refs. */
  static final String SHOP_31 = """
      openapi: 3.1.0
      info: { title: shop, version: "1" }
      paths:
        /shops/{shopId}/orders:
          parameters:
            - name: shopId
              in: path
              required: true
              schema: { type: string, pattern: "^[a-z]+$" }
          post:
            operationId: createOrder
            parameters:
              - $ref: "#/components/parameters/Page"
              - { name: tag, in: query, schema: { type: array, items: { type: string, maxLength: 3 } } }
              - { name: X-Trace, in: header, required: true, schema: { type: string } }
            requestBody:
              $ref: "#/components/requestBodies/NewOrder"
          get:
            operationId: listOrders
            parameters:
              - { name: status, in: query, required: true, schema: { enum: [open, closed] } }
      components:
        parameters:
          Page: { name: page, in: query, schema: { type: integer, minimum: 1 } }
        requestBodies:
          NewOrder:
            required: true
            content:
              application/json:
                schema: { $ref: "#/components/schemas/Order" }
        schemas:
          Order:
            type: object
            required: [items]
            properties:
              items: { type: array, minItems: 1, items: { $ref: "#/components/schemas/Line" } }
              note: { type: [string, "null"] }
          Line:
            type: object
            required: [sku, qty]
            properties:
              sku: { type: string }
              qty: { type: integer, minimum: 1 }
      """;

  /** OpenAPI 3.0: nullable, and a body that is not required. */
  static final String NOTES_30 = """
      {
        "openapi": "3.0.3",
        "info": { "title": "notes", "version": "1" },
        "paths": {
          "/notes": {
            "put": {
              "requestBody": {
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Note" } } }
              }
            }
          }
        },
        "components": {
          "schemas": {
            "Note": {
              "type": "object",
              "required": ["text"],
              "properties": { "text": { "type": "string", "nullable": true }, "pages": { "type": "integer" } }
            }
          }
        }
      }
      """;

  static Vertx vertx;
  static TestUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    upstream = TestUpstream.echo(vertx, "orders");
    Path specs = Files.createTempDirectory("portico-specs-");
    Path shop = Files.writeString(specs.resolve("shop.yaml"), SHOP_31);
    Path notes = Files.writeString(specs.resolve("notes.json"), NOTES_30);
    gateway = TestGateway.start("""
        upstreams:
          u: { targets: [%s] }
        routes:
          - id: create
            match: { path: "/shops/{shopId}/orders", methods: [POST] }
            upstream: u
            validate: { openapi: { file: "%s", operation: createOrder } }
          - id: list
            match: { path: "/shops/{shopId}/orders", methods: [GET] }
            upstream: u
            validate: { openapi: { file: "%s", method: get, path: "/shops/{shopId}/orders" } }
          - id: notes
            match: { path: /notes, methods: [PUT] }
            upstream: u
            validate: { openapi: { file: "%s", method: PUT, path: /notes } }
        """.formatted(upstream.url(), shop, shop, notes));
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

  static HttpResponse<String> send(String method, String path, String body) {
    return Http.send(HttpRequest.newBuilder(URI.create(gateway.url(path)))
        .method(method, HttpRequest.BodyPublishers.ofString(body)), "Content-Type", "application/json");
  }

  static JsonArray errors(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("validation_failed");
    return problem.getJsonArray("errors");
  }

  static String where(Object error) {
    JsonObject e = (JsonObject) error;
    return e.getString("in") + (e.getString("name") != null ? ":" + e.getString("name") : "") + e.getString("pointer");
  }

  @Test
  void aValidRequestReachesTheUpstream() {
    String body = "{\"items\":[{\"sku\":\"a\",\"qty\":2}],\"note\":null}";
    HttpResponse<String> response = send("POST", "/shops/acme/orders?page=2&tag=new&tag=vip", body);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.started()).isEqualTo(sentBefore + 1);
    assertThat(upstream.last().body().toString()).isEqualTo(body);
  }

  @Test
  void bodyViolationsThroughComponentRefsAreListedWithTheirPointers() {
    JsonArray errors = errors(send("POST", "/shops/acme/orders", "{\"items\":[{\"sku\":\"a\",\"qty\":\"two\"},{\"qty\":0}]}"));
    assertThat(errors.stream().map(OpenApiValidationIT::where))
        .containsExactly("body/items/0/qty", "body/items/1", "body/items/1/qty");
    assertThat(errors.getJsonObject(1).getString("message")).contains("sku");
    assertThat(upstream.started()).isEqualTo(sentBefore);
  }

  @Test
  void pathAndQueryParametersOfThePathItemAndTheOperationAreChecked() {
    JsonArray errors = errors(send("POST", "/shops/ACME/orders?page=0&tag=ok&tag=toolong",
        "{\"items\":[{\"sku\":\"a\",\"qty\":1}]}"));
    assertThat(errors.stream().map(OpenApiValidationIT::where))
        .containsExactlyInAnyOrder("path:shopId", "query:page", "query:tag");
    assertThat(upstream.started()).isEqualTo(sentBefore);
  }

  @Test
  void aRequiredQueryParameterMustBePresent() {
    JsonArray errors = errors(send("GET", "/shops/acme/orders", ""));
    assertThat(errors.stream().map(OpenApiValidationIT::where)).containsExactly("query:status");
    assertThat(errors.getJsonObject(0).getString("message")).contains("missing");
    assertThat(errors(send("GET", "/shops/acme/orders?status=lost", "")).size()).isEqualTo(1);
    assertThat(upstream.started()).isEqualTo(sentBefore);
    assertThat(send("GET", "/shops/acme/orders?status=open", "").statusCode()).isEqualTo(200);
  }

  @Test
  void aRequiredBodyMustBePresent() {
    assertThat(errors(send("POST", "/shops/acme/orders", "")).getJsonObject(0).getString("message"))
        .contains("missing");
    assertThat(upstream.started()).isEqualTo(sentBefore);
  }

  @Test
  void openApi30NullableAndOptionalBodiesAreHonoured() {
    assertThat(send("PUT", "/notes", "{\"text\":null}").statusCode()).isEqualTo(200);
    assertThat(send("PUT", "/notes", "").statusCode()).isEqualTo(200); // requestBody.required is false
    assertThat(upstream.started()).isEqualTo(sentBefore + 2);
    JsonArray errors = errors(send("PUT", "/notes", "{\"pages\":\"many\"}"));
    assertThat(errors.stream().map(OpenApiValidationIT::where)).containsExactly("body", "body/pages");
    assertThat(upstream.started()).isEqualTo(sentBefore + 2);
  }
}
