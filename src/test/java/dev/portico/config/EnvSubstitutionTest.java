package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

  private static final Map<String, String> ENV =
      Map.of("PORT", "9000", "HOST", "10.1.2.3", "EMPTY", "", "SECRET", "hunter2");

  private static GatewayConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", ENV::get);
  }

  @Test
  void variable_isSubstitutedInScalars() throws ConfigException {
    GatewayConfig config = parse("listen: { host: \"${HOST}\", port: \"${PORT}\" }\n"
        + "upstreams: { u: { targets: [\"http://${HOST}:${PORT}\"] } }");

    assertThat(config.listen().host()).isEqualTo("10.1.2.3");
    assertThat(config.listen().port()).isEqualTo(9000);
    assertThat(config.upstreams().get("u").targets().get(0)).hasToString("http://10.1.2.3:9000");
  }

  @Test
  void unquotedReference_works() throws ConfigException {
    // Unquoted "${" only works in block style: in flow style "{" is YAML syntax.
    assertThat(parse("admin:\n  port: ${PORT}\n").admin().port()).isEqualTo(9000);
  }

  @Test
  void default_usedWhenUnsetOrEmpty() throws ConfigException {
    assertThat(parse("admin: { port: \"${NOPE:-9911}\" }").admin().port()).isEqualTo(9911);
    assertThat(parse("admin: { port: \"${EMPTY:-9912}\" }").admin().port()).isEqualTo(9912);
    assertThat(parse("admin: { port: \"${PORT:-1}\" }").admin().port()).isEqualTo(9000);
    assertThat(parse("accessLog: { path: \"/var/log/${NOPE:-}p.log\" }").accessLog().path())
        .isEqualTo("/var/log/p.log");
  }

  @Test
  void missingVariable_isAnErrorAtTheValue() {
    assertThat(errors("listen:\n  port: ${LISTEN_PORT}\n", ENV::get)).containsExactly(
        "portico.yaml:2:9: listen.port: environment variable LISTEN_PORT is not set"
            + " (expected: set it, or give a default like ${LISTEN_PORT:-value})");
  }

  @Test
  void escape_keepsLiteralDollarBrace() throws ConfigException {
    GatewayConfig config = parse("""
        upstreams: { u: { targets: [http://h] } }
        routes: [{ id: a, upstream: u, match: { headers: { X-Tpl: "$${NOT_A_VAR}", X-Cost: "$5" } } }]
        """);

    assertThat(config.routes().get(0).match().headers())
        .containsExactly(Map.entry("X-Tpl", "${NOT_A_VAR}"), Map.entry("X-Cost", "$5"));
  }

  @Test
  void substitutedValues_areNotExpandedAgain() throws ConfigException {
    GatewayConfig config = ConfigLoader.parse("accessLog: { path: \"${A}\" }", "p.yaml",
        Map.of("A", "${B}", "B", "no")::get);

    assertThat(config.accessLog().path()).isEqualTo("${B}");
  }

  @Test
  void badValueFromEnvironment_echoesOnlyTheTextInTheFile() {
    assertThat(errors("listen: { port: \"${SECRET}\" }", ENV::get)).containsExactly(
        "portico.yaml:1:17: listen.port: \"${SECRET}\" (expected: a port number 0-65535, 0 = any free port)")
        .noneMatch(e -> e.contains("hunter2"));
  }

  @Test
  void malformedReferences_areErrors() {
    assertThat(errors("accessLog: { path: \"${OPEN\" }", ENV::get)).containsExactly(
        "portico.yaml:1:20: accessLog.path: unterminated \"${\" (expected: ${NAME}, ${NAME:-default},"
            + " or $${ for a literal ${)");
    assertThat(errors("accessLog: { path: \"${1X}\" }", ENV::get)).containsExactly(
        "portico.yaml:1:20: accessLog.path: \"${1X}\" is not a variable reference"
            + " (expected: ${NAME} with letters, digits and _)");
  }

  @Test
  void keys_areNotSubstituted() {
    assertThat(errors("listen: { \"${K}\": 1 }", Map.of("K", "port")::get)).containsExactly(
        "portico.yaml:1:11: listen.${K}: unknown key (expected one of: host, port, http2, idleTimeout,"
            + " requestHeaderTimeout, limits, trustedProxies, tls)");
  }
}
