package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate.openapi}: the document is found next to the config, and every problem is a positioned error. */
class OpenApiConfigTest {
  static final String SPEC = """
      openapi: 3.1.0
      info: { title: shop, version: "1" }
      paths:
        /orders/{id}:
          get:
            operationId: getOrder
            parameters:
              - { name: id, in: path, required: true, schema: { type: integer } }
        /orders:
          post:
            operationId: createOrder
            requestBody:
              content:
                application/json:
                  schema: { $ref: "#/components/schemas/Order" }
      components:
        schemas:
          Order: { type: object }
      """;

  @TempDir
  Path dir;

  List<String> errors(String route) throws IOException {
    Files.createDirectories(dir.resolve("specs"));
    if (!Files.exists(dir.resolve("specs/shop.yaml"))) {
      Files.writeString(dir.resolve("specs/shop.yaml"), SPEC);
    }
    Path config = Files.writeString(dir.resolve("portico.yaml"), """
        upstreams: { u: { targets: [http://h:1] } }
        routes:
          - id: a
            upstream: u
        """ + route);
    ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(config), ConfigException.class);
    return e == null ? List.of() : e.errors().stream()
        .map(error -> error.toString().replace(config.toString(), "portico.yaml")).toList();
  }

  @Test
  void theFileIsReadRelativeToTheConfigFile() throws Exception {
    assertThat(errors("""
            match: { path: /api/orders }
            validate: { openapi: { file: specs/shop.yaml, operation: createOrder } }
        """)).isEmpty();
    GatewayConfig config = ConfigLoader.load(dir.resolve("portico.yaml"));
    assertThat(config.routes().get(0).validate().openapi().file()).isEqualTo(dir.resolve("specs/shop.yaml"));
  }

  @Test
  void aMissingFileIsReportedAtItsKey() throws IOException {
    assertThat(errors("""
            validate: { openapi: { file: specs/nope.yaml, operation: createOrder } }
        """)).singleElement().asString()
        .startsWith("portico.yaml:5:34: routes[0].validate.openapi.file: \"specs/nope.yaml\" cannot be read (")
        .endsWith("NoSuchFileException) (expected: an OpenAPI 3.0 or 3.1 document in YAML or JSON)");
  }

  @Test
  void anUnknownOperationListsTheKnownOnes() throws IOException {
    assertThat(errors("""
            validate: { openapi: { file: specs/shop.yaml, operation: createOrdr } }
        """)).containsExactly("portico.yaml:5:62: routes[0].validate.openapi.operation: \"specs/shop.yaml\":"
        + " no operation has operationId \"createOrdr\" (expected: one of getOrder, createOrder)");
    assertThat(errors("""
            validate: { openapi: { file: specs/shop.yaml, method: DELETE, path: /orders } }
        """)).containsExactly("portico.yaml:5:73: routes[0].validate.openapi.path: \"specs/shop.yaml\":"
        + " no operation DELETE /orders (expected: a method and a path template of the document's paths)");
  }

  @Test
  void pathParametersMustBeRouteParameters() throws IOException {
    assertThat(errors("""
            match: { path: "/orders/{orderId}" }
            validate: { openapi: { file: specs/shop.yaml, operation: getOrder } }
        """)).containsExactly("portico.yaml:6:26: routes[0].validate.openapi: \"specs/shop.yaml\": GET /orders/{id}"
        + " has path parameter \"id\", which is not a route parameter of /orders/{orderId} (expected: {id} in match.path)");
  }

  @Test
  void aBadDocumentIsAConfigError() throws IOException {
    Files.createDirectories(dir.resolve("specs"));
    Files.writeString(dir.resolve("specs/shop.yaml"), "swagger: '2.0'\npaths: {}\n");
    assertThat(errors("""
            validate: { openapi: { file: specs/shop.yaml, operation: x } }
        """)).containsExactly("portico.yaml:5:62: routes[0].validate.openapi.operation: \"specs/shop.yaml\":"
        + " openapi is missing (expected: an OpenAPI 3.0 or 3.1 document)");
    Files.writeString(dir.resolve("specs/shop.yaml"), SPEC.replace("#/components/schemas/Order", "#/components/schemas/Ordr"));
    assertThat(errors("""
            validate: { openapi: { file: specs/shop.yaml, operation: createOrder } }
        """)).singleElement().asString().startsWith("portico.yaml:5:26: routes[0].validate.openapi: \"specs/shop.yaml\":"
        + " POST /orders: the schema at /paths/~1orders/post/requestBody/content/application~1json/schema cannot be used:");
    Files.writeString(dir.resolve("specs/shop.yaml"), "openapi: 3.1.0\npaths: [\n");
    assertThat(errors("""
            validate: { openapi: { file: specs/shop.yaml, operation: x } }
        """)).singleElement().asString().startsWith("portico.yaml:5:34: routes[0].validate.openapi.file:"
        + " \"specs/shop.yaml\" cannot be parsed:");
  }

  @Test
  void referencesOutsideTheDocumentAreNotLoaded() throws IOException {
    Files.createDirectories(dir.resolve("specs"));
    Files.writeString(dir.resolve("specs/other.yaml"), "Order: { type: object }\n");
    for (String ref : new String[] {"other.yaml#/Order", "https://example.com/schemas/order.json"}) {
      Files.writeString(dir.resolve("specs/shop.yaml"), SPEC.replace("#/components/schemas/Order", ref));
      assertThat(errors("""
              validate: { openapi: { file: specs/shop.yaml, operation: createOrder } }
          """)).singleElement().asString().contains("POST /orders: the schema at "
          + "/paths/~1orders/post/requestBody/content/application~1json/schema cannot be used:")
          .contains("is not allowed to be loaded");
    }
  }

  @Test
  void theOperationIsNamedOneWay() throws IOException {
    assertThat(errors("""
            validate: { openapi: { file: specs/shop.yaml, operation: getOrder, method: GET } }
        """)).containsExactly("portico.yaml:5:26: routes[0].validate.openapi: sets operation and method or path"
        + " (expected: one way to name the operation)");
    assertThat(errors("""
            validate: { openapi: { file: specs/shop.yaml, method: GET } }
        """)).containsExactly("portico.yaml:5:26: routes[0].validate.openapi: missing required key \"path\"");
    assertThat(errors("""
            validate: { body: { type: object }, openapi: { file: specs/shop.yaml, operation: createOrder } }
        """)).containsExactly("portico.yaml:5:50: routes[0].validate.openapi: set together with body, schemaFile,"
        + " query or path (expected: schemas from the document or from the config)");
  }
}
