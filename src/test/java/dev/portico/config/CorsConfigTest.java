package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Global and per-route {@code cors}: binding, normalising, and every error with its position. */
class CorsConfigTest {
  static final String UPSTREAM = "upstreams: { u: { targets: [http://h:1] } }\n";

  static GatewayConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", name -> null);
  }

  @Test
  void globalAndRoutePolicies_bindWithDefaults() throws ConfigException {
    GatewayConfig config = parse(UPSTREAM + """
        cors:
          allowedOrigins: [https://App.Example.com:443, "https://*.example.com", "http://localhost:3000"]
          allowedHeaders: [Authorization, Content-Type]
          exposedHeaders: [X-Request-Id]
          allowCredentials: true
          maxAge: 10m
        routes:
          - { id: inherit, upstream: u }
          - id: own
            upstream: u
            cors: { allowedOrigins: ["*"], allowedMethods: [get, "*"] }
          - { id: off, upstream: u, cors: false }
        """);

    assertThat(config.cors()).isEqualTo(new CorsConfig(true,
        List.of("https://app.example.com", "https://*.example.com", "http://localhost:3000"),
        List.of("GET", "HEAD", "POST"), List.of("authorization", "content-type"), List.of("X-Request-Id"), true,
        Duration.ofMinutes(10)));
    assertThat(config.routes().get(0).cors()).isNull();
    assertThat(config.routes().get(1).cors()).isEqualTo(new CorsConfig(true, List.of("*"), List.of("GET", "*"),
        List.of(), List.of(), false, null));
    assertThat(config.routes().get(2).cors()).isEqualTo(CorsConfig.DISABLED);

    assertThat(CorsConfig.effective(config.cors(), config.routes().get(0).cors())).isSameAs(config.cors());
    assertThat(CorsConfig.effective(config.cors(), config.routes().get(1).cors()))
        .isSameAs(config.routes().get(1).cors());
    assertThat(CorsConfig.effective(config.cors(), config.routes().get(2).cors())).isNull();
    assertThat(CorsConfig.effective(null, null)).isNull();
  }

  @Test
  void anyOriginWithCredentials_isAnError() {
    assertThat(errors("cors: { allowedOrigins: [https://a.example, \"*\"], allowCredentials: true }"))
        .containsExactly("portico.yaml:1:45: cors.allowedOrigins[1]: \"*\" with allowCredentials: true (expected:"
            + " explicit origins or patterns: credentialed responses must not be readable by every site)");
  }

  @Test
  void anyExposedHeaderWithCredentials_isAnError() {
    assertThat(errors("cors: { allowedOrigins: [https://a.example], exposedHeaders: [\"*\"], allowCredentials: true }"))
        .containsExactly("portico.yaml:1:63: cors.exposedHeaders[0]: \"*\" with allowCredentials: true (expected:"
            + " header names: browsers read \"*\" literally with credentials)");
  }

  @Test
  void badOrigins_eachReportedAtItsPosition() {
    assertThat(errors("""
        cors:
          allowedOrigins:
            - app.example.com
            - https://app.example.com/path
            - "https://*.com"
            - ftp://files.example.com
            - "null"
            - https://user@app.example.com
            - https://app.example.com:0443
        """)).containsExactly(
        "portico.yaml:3:7: cors.allowedOrigins[0]: \"app.example.com\" (expected: \"*\", an origin like"
            + " https://app.example.com, or a pattern like https://*.example.com)",
        "portico.yaml:4:7: cors.allowedOrigins[1]: \"https://app.example.com/path\" (expected: \"*\", an origin like"
            + " https://app.example.com, or a pattern like https://*.example.com)",
        "portico.yaml:5:7: cors.allowedOrigins[2]: \"https://*.com\" (expected: \"*\", an origin like"
            + " https://app.example.com, or a pattern like https://*.example.com)",
        "portico.yaml:6:7: cors.allowedOrigins[3]: \"ftp://files.example.com\" (expected: \"*\", an origin like"
            + " https://app.example.com, or a pattern like https://*.example.com)",
        "portico.yaml:7:7: cors.allowedOrigins[4]: \"null\" (expected: a real origin; \"null\" is sent by every"
            + " sandboxed frame and local file, so it allows anyone)",
        "portico.yaml:8:7: cors.allowedOrigins[5]: \"https://user@app.example.com\" (expected: \"*\", an origin like"
            + " https://app.example.com, or a pattern like https://*.example.com)",
        "portico.yaml:9:7: cors.allowedOrigins[6]: \"https://app.example.com:0443\" (expected: \"*\", an origin like"
            + " https://app.example.com, or a pattern like https://*.example.com)");
  }

  @Test
  void missingOrEmptyOrigins() {
    assertThat(errors(UPSTREAM + """
        cors: { allowCredentials: true }
        routes:
          - { id: a, upstream: u, cors: { allowedOrigins: [] } }
        """)).containsExactly(
        "portico.yaml:2:7: cors: missing required key \"allowedOrigins\" (expected: \"*\", an origin like"
            + " https://app.example.com, or a pattern like https://*.example.com)",
        "portico.yaml:4:51: routes[0].cors.allowedOrigins: empty list (expected: at least one of \"*\", an origin"
            + " like https://app.example.com, or a pattern like https://*.example.com)");
  }

  @Test
  void corsTrue_isNotAPolicy() {
    assertThat(errors(UPSTREAM + "routes: [{ id: a, upstream: u, cors: true }]")).containsExactly(
        "portico.yaml:2:38: routes[0].cors: \"true\" (expected: a CORS policy mapping, or false to turn the global"
            + " policy off)");
  }

  @Test
  void badMethodsHeadersAndMaxAge() {
    assertThat(errors("""
        cors:
          allowedOrigins: [https://a.example]
          allowedMethods: ["GE T"]
          allowedHeaders: ["X Token"]
          exposedHeaders: ["X:Id"]
          maxAge: 10 minutes
        """)).containsExactly(
        "portico.yaml:3:20: cors.allowedMethods[0]: \"GE T\" (expected: an HTTP method like GET, or \"*\")",
        "portico.yaml:4:20: cors.allowedHeaders[0]: \"X Token\" (expected: a header name, or \"*\")",
        "portico.yaml:5:20: cors.exposedHeaders[0]: \"X:Id\" (expected: a header name, or \"*\")",
        "portico.yaml:6:11: cors.maxAge: \"10 minutes\" (expected: a duration like 250ms, 2s, 1m)");
  }

  @Test
  void unknownKey_suggests() {
    assertThat(errors("cors: { allowedOrigin: [\"*\"] }")).containsExactly(
        "portico.yaml:1:7: cors: missing required key \"allowedOrigins\" (expected: \"*\", an origin like"
            + " https://app.example.com, or a pattern like https://*.example.com)",
        "portico.yaml:1:9: cors.allowedOrigin: unknown key (did you mean \"allowedOrigins\"?)");
  }
}
