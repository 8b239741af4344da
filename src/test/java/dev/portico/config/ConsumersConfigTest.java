package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code consumers} and {@code plans}: binding, and every error with its position. */
class ConsumersConfigTest {
  static final String KEY_A = "ak_live_0123456789abcdef";
  static final String KEY_B = "ak_live_fedcba9876543210";
  static final Map<String, String> ENV = Map.of("MOBILE_KEY", KEY_A, "WEB_KEY", KEY_B, "SHORT", "abc");

  static GatewayConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", ENV::get);
  }

  @Test
  void consumersAndPlans_bindWithKeysHashedAndRatesParsed() throws ConfigException {
    GatewayConfig config = parse("""
        consumers:
          - { id: mobile-app, tenant: acme, apiKey: "${MOBILE_KEY}", plan: gold }
          - id: partner
            apiKeys: ["${WEB_KEY}", "ak_live_literal_in_file_00"]
            scopes: [orders:read, "orders:write"]
        plans:
          gold: { rateLimit: 1000/min }
          free:
        """);

    assertThat(config.plans()).containsExactly(
        Map.entry("gold", new PlanConfig("gold", new Rate(1000, Duration.ofMinutes(1)))),
        Map.entry("free", new PlanConfig("free", null)));
    assertThat(config.consumers()).containsExactly(
        new ConsumerConfig("mobile-app", "acme", "gold", List.of(ApiKeyHash.of(KEY_A)), List.of()),
        new ConsumerConfig("partner", null, null,
            List.of(ApiKeyHash.of(KEY_B), ApiKeyHash.of("ak_live_literal_in_file_00")),
            List.of("orders:read", "orders:write")));
  }

  @Test
  void noConsumersOrPlans_defaultsToNone() throws ConfigException {
    GatewayConfig config = parse("");

    assertThat(config.consumers()).isEmpty();
    assertThat(config.plans()).isEmpty();
  }

  @Test
  void aConsumerNeverShowsItsKeys() throws ConfigException {
    GatewayConfig config = parse("consumers: [{ id: a, apiKey: \"${MOBILE_KEY}\" }]");

    assertThat(config.toString()).doesNotContain(KEY_A);
    assertThat(config.consumers().get(0).apiKeys().get(0)).hasToString("ApiKeyHash[sha256, redacted]");
  }

  @Test
  void badRate_quotesValueAndExpectation() {
    assertThat(errors("""
        plans:
          gold: { rateLimit: 100/week }
          silver: { rateLimit: 0/s }
        """)).containsExactly(
        "portico.yaml:2:22: plans.gold.rateLimit: \"100/week\" (expected: N/s, N/min, N/h or N/day with N >= 1)",
        "portico.yaml:3:24: plans.silver.rateLimit: \"0/s\" (expected: N/s, N/min, N/h or N/day with N >= 1)");
  }

  @Test
  void unknownPlanKey_suggests() {
    assertThat(errors("plans: { gold: { ratelimit: 10/s } }")).containsExactly(
        "portico.yaml:1:18: plans.gold.ratelimit: unknown key (did you mean \"rateLimit\"?)");
  }

  @Test
  void badPlanName() {
    assertThat(errors("plans: { \"gold plan\": {} }")).containsExactly(
        "portico.yaml:1:10: plans.gold plan: \"gold plan\" (expected: a name of letters, digits, '.', '_' or '-')");
  }

  @Test
  void unknownPlan_suggestsTheClosest() {
    assertThat(errors("""
        plans: { gold: {} }
        consumers:
          - { id: a, plan: golden, apiKey: ak_live_0123456789abcdef }
        """, ENV::get)).containsExactly(
        "portico.yaml:3:20: consumers[0].plan: \"golden\" is not a defined plan (did you mean \"gold\"?)");
  }

  @Test
  void planWithoutPlans_saysNoneAreDefined() {
    assertThat(errors("consumers: [{ id: a, plan: gold, apiKey: ak_live_0123456789abcdef }]")).containsExactly(
        "portico.yaml:1:28: consumers[0].plan: \"gold\" is not a defined plan (no plans are defined)");
  }

  @Test
  void duplicateConsumerId() {
    assertThat(errors("""
        consumers:
          - { id: a, apiKey: "${MOBILE_KEY}" }
          - { id: a, apiKey: "${WEB_KEY}" }
        """, ENV::get)).containsExactly(
        "portico.yaml:3:11: consumers[1].id: \"a\" is already the id of consumers[0] (expected: a unique consumer id)");
  }

  @Test
  void sameKeyForTwoConsumers_isReportedWithoutTheKey() {
    List<String> errors = errors("""
        consumers:
          - { id: a, apiKey: "${MOBILE_KEY}" }
          - { id: b, apiKeys: [ak_live_fedcba9876543210, "${MOBILE_KEY}"] }
        """, ENV::get);

    assertThat(errors).containsExactly("portico.yaml:3:50: consumers[1].apiKeys[1]: the same key as"
        + " consumers[0].apiKey (expected: each key given to one consumer, once)");
  }

  @Test
  void sameKeyTwiceForOneConsumer() {
    assertThat(errors("consumers: [{ id: a, apiKeys: [\"${MOBILE_KEY}\", \"${MOBILE_KEY}\"] }]", ENV::get))
        .containsExactly("portico.yaml:1:49: consumers[0].apiKeys[1]: the same key as consumers[0].apiKeys[0]"
            + " (expected: each key given to one consumer, once)");
  }

  @Test
  void shortKey_isDescribedNotQuoted() {
    List<String> errors = errors("""
        consumers:
          - { id: a, apiKey: "${SHORT}" }
          - { id: b, apiKey: secret }
        """, ENV::get);

    assertThat(errors).containsExactly(
        "portico.yaml:2:22: consumers[0].apiKey: a key of 3 characters (expected: an API key of at least 16"
            + " visible ASCII characters, e.g. \"${MOBILE_KEY}\")",
        "portico.yaml:3:22: consumers[1].apiKey: a key of 6 characters (expected: an API key of at least 16"
            + " visible ASCII characters, e.g. \"${MOBILE_KEY}\")");
    assertThat(String.join("\n", errors)).doesNotContain("abc").doesNotContain("secret");
  }

  @Test
  void keyWithASpace_isRefusedWithoutQuotingIt() {
    assertThat(errors("consumers: [{ id: a, apiKey: \"ak_live 0123456789abcdef\" }]")).containsExactly(
        "portico.yaml:1:30: consumers[0].apiKey: a key with a space, control or non-ASCII character at position 8"
            + " (expected: an API key of at least 16 visible ASCII characters, e.g. \"${MOBILE_KEY}\")");
  }

  @Test
  void unsetKeyVariable_namesTheVariableOnly() {
    assertThat(errors("consumers: [{ id: a, apiKey: \"${NOPE}\" }]")).containsExactly(
        "portico.yaml:1:30: consumers[0].apiKey: environment variable NOPE is not set"
            + " (expected: set it, or give a default like ${NOPE:-value})");
  }

  @Test
  void bothApiKeyAndApiKeys() {
    assertThat(errors("consumers: [{ id: a, apiKey: \"${MOBILE_KEY}\", apiKeys: [\"${WEB_KEY}\"] }]", ENV::get))
        .containsExactly("portico.yaml:1:13: consumers[0]: sets both apiKey and apiKeys (expected: one of them)");
  }

  @Test
  void noKey() {
    assertThat(errors("consumers: [{ id: a, tenant: t }]")).containsExactly(
        "portico.yaml:1:13: consumers[0]: missing required key \"apiKey\" (expected: apiKey or apiKeys)");
  }

  @Test
  void emptyKeyList() {
    assertThat(errors("consumers: [{ id: a, apiKeys: [] }]")).containsExactly(
        "portico.yaml:1:31: consumers[0].apiKeys: empty list (expected: at least one key)");
  }

  @Test
  void missingId_badTenantAndScope() {
    assertThat(errors("""
        consumers:
          - { tenant: "a b", apiKey: "${MOBILE_KEY}", scopes: ["read orders"] }
        """, ENV::get)).containsExactly(
        "portico.yaml:2:5: consumers[0]: missing required key \"id\"",
        "portico.yaml:2:15: consumers[0].tenant: \"a b\" (expected: a name of letters, digits, '.', '_' or '-')",
        "portico.yaml:2:56: consumers[0].scopes[0]: \"read orders\" (expected: a scope of visible ASCII characters"
            + " other than \" and \\)");
  }

  @Test
  void unknownConsumerKey_suggests() {
    assertThat(errors("consumers: [{ id: a, apikey: \"${MOBILE_KEY}\" }]", ENV::get)).containsExactly(
        "portico.yaml:1:13: consumers[0]: missing required key \"apiKey\" (expected: apiKey or apiKeys)",
        "portico.yaml:1:22: consumers[0].apikey: unknown key (did you mean \"apiKey\"?)");
  }

  @Test
  void consumersNotAList() {
    assertThat(errors("consumers: { id: a }")).containsExactly(
        "portico.yaml:1:12: consumers: a mapping (expected: a list of consumers)");
  }
}
