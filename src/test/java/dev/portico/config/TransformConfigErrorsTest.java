package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors in {@code transform} and {@code validate}, with their exact positions. */
class TransformConfigErrorsTest {
  private static final String HEAD = """
      upstreams: { u: { targets: [http://h:1] } }
      routes:
        - id: a
          match: { path: "/orders/{orderId}" }
          upstream: u
      """;

  @Test
  void transformMayNotSetHopByHopOrGatewayHeaders() {
    assertThat(errors(HEAD + """
            transform:
              request:
                headers:
                  set: { Connection: close, X-Forwarded-For: 1.2.3.4 }
                  remove: [Host]
        """)).containsExactly(
        "portico.yaml:9:18: routes[0].transform.request.headers.set.Connection:"
            + " \"Connection\" is set by the gateway (expected: another header)",
        "portico.yaml:9:37: routes[0].transform.request.headers.set.X-Forwarded-For:"
            + " \"X-Forwarded-For\" is set by the gateway (expected: another header)",
        "portico.yaml:10:20: routes[0].transform.request.headers.remove[0]:"
            + " \"Host\" is set by the gateway (expected: another header)");
  }

  @Test
  void transformMayNotForgeIdentityHeaders() {
    assertThat(errors(HEAD + """
            transform:
              request:
                headers:
                  rename: { X-Who: x-user-id }
        """)).containsExactly(
        "portico.yaml:9:28: routes[0].transform.request.headers.rename.X-Who:"
            + " \"x-user-id\" is an identity header set by the gateway (expected: another header)");
  }

  @Test
  void templatesNameOnlyWhatTheRequestKnows() {
    assertThat(errors(HEAD + """
            transform:
              request:
                query:
                  set: { customer: "{customerId}", who: "{identity.email}", id: "{orderId}" }
        """)).containsExactly(
        "portico.yaml:9:28: routes[0].transform.request.query.set.customer: \"{customerId}\": \"{customerId}\""
            + " is not a route parameter of /orders/{orderId} (expected: " + TransformBinder.TEMPLATE_EXPECTED + ")",
        "portico.yaml:9:49: routes[0].transform.request.query.set.who: \"{identity.email}\": \"{identity.email}\""
            + " is not an identity field (expected: identity.subject, identity.tenant, identity.consumer,"
            + " identity.plan) (expected: " + TransformBinder.TEMPLATE_EXPECTED + ")");
  }

  @Test
  void unknownTransformKey() {
    assertThat(errors(HEAD + """
            transform:
              request:
                header: { set: { X-A: b } }
        """)).containsExactly(
        "portico.yaml:8:9: routes[0].transform.request.header: unknown key (did you mean \"headers\"?)");
  }

  @Test
  void anInvalidSchemaIsAConfigError() {
    assertThat(errors(HEAD + """
            validate:
              body:
                type: object
                properties:
                  qty: { type: integr }
              query:
                page: 5
        """)).containsExactly(
        "portico.yaml:10:24: routes[0].validate.body: not a valid JSON Schema: /properties/qty/type"
            + " does not have a value in the enumeration [\"array\", \"boolean\", \"integer\", \"null\", \"number\","
            + " \"object\", \"string\"] (expected: a JSON Schema, draft 2020-12)",
        "portico.yaml:12:15: routes[0].validate.query.page: \"5\" (expected: a JSON Schema mapping)");
  }

  @Test
  void pathSchemasNameRouteParameters() {
    assertThat(errors(HEAD + """
            validate:
              path: { id: { type: string } }
        """)).containsExactly(
        "portico.yaml:7:15: routes[0].validate.path.id: \"id\" is not a route parameter of /orders/{orderId}"
            + " (expected: a {name} in match.path)");
  }

  @Test
  void aSchemaFileMustBeReadableJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("order.json");
    Files.writeString(file, "{\"type\": ");
    assertThat(errors(HEAD + """
            validate:
              schemaFile: %s
        """.formatted(file))).singleElement().asString()
        .startsWith("portico.yaml:7:19: routes[0].validate.schemaFile: \"" + file + "\" cannot be read as JSON: ")
        .endsWith("(expected: a JSON Schema file)");
  }

  @Test
  void aValidSchemaFileAndInlineSchemasBind(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("order.json");
    Files.writeString(file, "{\"type\": \"object\", \"required\": [\"items\"]}");
    GatewayConfig config = ConfigLoader.parse(HEAD + """
            validate:
              schemaFile: %s
              query: { page: { type: integer, minimum: 1 } }
              maxBodySize: 64KiB
        """.formatted(file), "portico.yaml", s -> null);
    ValidateConfig validate = config.routes().get(0).validate();
    assertThat(validate.body().get("required").get(0).asText()).isEqualTo("items");
    assertThat(validate.query().get("page").get("minimum").isIntegralNumber()).isTrue();
    assertThat(validate.maxBodySize()).isEqualTo(64 * 1024);
  }

  @Test
  void deprecationDatesAndLink() {
    assertThat(errors(HEAD + """
            deprecated: { since: 2026-13-01, link: "ftp://x" }
          - id: b
            upstream: u
            deprecated: { since: 2026-06-01, sunset: 2026-01-01 }
        """)).containsExactly(
        "portico.yaml:6:26: routes[0].deprecated.since: \"2026-13-01\" (expected: " + TransformBinder.DATE_EXPECTED + ")",
        "portico.yaml:6:44: routes[0].deprecated.link: \"ftp://x\" (expected: an absolute http or https URL)",
        "portico.yaml:9:46: routes[1].deprecated.sunset: \"2026-01-01T00:00:00Z\" is not after since"
            + " 2026-06-01T00:00:00Z (expected: a later date)");
  }

  @Test
  void splitsNameDefinedUpstreamsWithSomeWeight() {
    assertThat(errors("""
        upstreams: { v1: { targets: [http://h:1] } }
        routes:
          - id: a
            upstreams: [{ upstream: v1, weight: 0 }, { upstream: v3, weight: 5 }]
          - id: b
            upstream: v1
            upstreams: [{ upstream: v1, weight: 1 }]
          - id: c
            upstreams: [{ upstream: v1, weight: 0 }]
        """)).containsExactly(
        "portico.yaml:4:58: routes[0].upstreams[1].upstream: \"v3\" is not a defined upstream (did you mean \"v1\"?)",
        "portico.yaml:7:16: routes[1].upstreams: set together with upstream"
            + " (expected: one of upstream, upstreams and aggregate)",
        "portico.yaml:9:16: routes[2].upstreams: no upstream has a weight above 0"
            + " (expected: at least one positive weight)");
  }
}
