package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A route's {@code flags}: binding, and errors with their exact positions. */
class FlagConfigTest {
  private static final String HEAD = """
      upstreams: { orders: { targets: [http://h:1] }, orders-v2: { targets: [http://h:2] } }
      routes:
        - id: a
          match: { path: /orders/** }
          upstream: orders
      """;

  @Test
  void flagsBindInOrder() throws ConfigException {
    GatewayConfig config = ConfigLoader.parse(HEAD + """
            flags:
              - { name: v2, tenants: [acme, globex], upstream: orders-v2 }
        """, "portico.yaml", name -> null);
    assertThat(config.routes().get(0).flags())
        .containsExactly(new FlagConfig("v2", new java.util.LinkedHashSet<>(List.of("acme", "globex")), "orders-v2"));
  }

  @Test
  void unknownUpstreamIsReportedWithItsPosition() {
    assertThat(errors(HEAD + """
            flags:
              - { name: v2, tenants: [acme], upstream: orders-v3 }
        """)).containsExactly(
        "portico.yaml:7:48: routes[0].flags[0].upstream: \"orders-v3\" is not a defined upstream"
            + " (did you mean \"orders-v2\"?)");
  }

  @Test
  void aTenantMayBeInOneFlagOnly() {
    assertThat(errors(HEAD + """
            flags:
              - { name: v2, tenants: [acme], upstream: orders-v2 }
              - { name: v3, tenants: [globex, acme], upstream: orders }
              - { name: v2, tenants: [], upstream: orders }
        """)).containsExactly(
        "portico.yaml:8:39: routes[0].flags[1].tenants[1]: \"acme\" is already in flag \"v2\""
            + " (expected: each tenant in one flag of the route)",
        "portico.yaml:9:17: routes[0].flags[2].name: \"v2\" is listed twice (expected: distinct flag names)",
        "portico.yaml:9:30: routes[0].flags[2].tenants: empty list (expected: at least one tenant name)");
  }

  @Test
  void missingKeysAndUnknownKeys() {
    assertThat(errors(HEAD + """
            flags:
              - { name: v2, tenant: [acme], upstream: orders-v2 }
        """)).containsExactly(
        "portico.yaml:7:9: routes[0].flags[0]: missing required key \"tenants\"",
        "portico.yaml:7:21: routes[0].flags[0].tenant: unknown key (did you mean \"tenants\"?)");
  }

  @Test
  void flagsNeedAProxiedRoute() {
    assertThat(errors("""
        upstreams: { orders: { targets: [http://h:1] } }
        routes:
          - id: a
            aggregate: { o: { upstream: orders, path: /o } }
            flags: [{ name: v2, tenants: [acme], upstream: orders }]
        """)).containsExactly(
        "portico.yaml:5:12: routes[0].flags: on an aggregate route"
            + " (expected: flags on a route with upstream or upstreams)");
  }
}
