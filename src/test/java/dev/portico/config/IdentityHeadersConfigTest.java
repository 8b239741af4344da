package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code identityHeaders}: defaults, custom names, and every error with its position. */
class IdentityHeadersConfigTest {

  @Test
  void absent_usesTheDefaultNames() throws ConfigException {
    GatewayConfig config = ConfigLoader.parse("", "portico.yaml", name -> null);

    assertThat(config.identityHeaders()).isEqualTo(IdentityHeadersConfig.ofDefault());
    assertThat(config.identityHeaders().headerNames())
        .containsExactly("X-User-Id", "X-Tenant-Id", "X-Consumer-Id", "X-Plan", "X-Scopes");
  }

  @Test
  void customNamesAndClaims_bind() throws ConfigException {
    GatewayConfig config = ConfigLoader.parse("""
        identityHeaders:
          subject: X-Auth-Subject
          plan: X-Auth-Plan
          claims: { email: X-User-Email, "https://example.com/org": X-Org }
        """, "portico.yaml", name -> null);

    assertThat(config.identityHeaders()).isEqualTo(new IdentityHeadersConfig("X-Auth-Subject", "X-Tenant-Id",
        "X-Consumer-Id", "X-Auth-Plan", "X-Scopes",
        Map.of("email", "X-User-Email", "https://example.com/org", "X-Org")));
  }

  @Test
  void notAHeaderName() {
    assertThat(errors("identityHeaders: { subject: \"X User\", claims: { email: \"X-Mail:\" } }")).containsExactly(
        "portico.yaml:1:29: identityHeaders.subject: \"X User\" (expected: a header name like X-User-Id)",
        "portico.yaml:1:56: identityHeaders.claims.email: \"X-Mail:\" (expected: a header name like X-User-Id)");
  }

  @Test
  void sameNameTwice_comparedIgnoringCaseAndUnderscores() {
    assertThat(errors("""
        identityHeaders:
          tenant: x_user_id
          claims: { email: X-PLAN }
        """)).containsExactly(
        "portico.yaml:2:11: identityHeaders.tenant: \"x_user_id\" is the same header as identityHeaders.subject"
            + " (expected: distinct names, compared ignoring case, '-' and '_')",
        "portico.yaml:3:20: identityHeaders.claims.email: \"X-PLAN\" is the same header as identityHeaders.plan"
            + " (expected: distinct names, compared ignoring case, '-' and '_')");
  }

  @Test
  void aDefaultClashingWithAWrittenName_isReportedAtTheWrittenOne() {
    assertThat(errors("identityHeaders: { subject: X-Tenant-Id }")).containsExactly(
        "portico.yaml:1:29: identityHeaders.subject: \"X-Tenant-Id\" is the same header as identityHeaders.tenant"
            + " (expected: distinct names, compared ignoring case, '-' and '_')");
  }

  @Test
  void headersTheGatewayNeeds_areRefused() {
    assertThat(errors("identityHeaders: { subject: Authorization, tenant: X_Forwarded_For }")).containsExactly(
        "portico.yaml:1:29: identityHeaders.subject: \"Authorization\" is a header the gateway or the upstream"
            + " needs as sent (expected: a header name of your own)",
        "portico.yaml:1:52: identityHeaders.tenant: \"X_Forwarded_For\" is a header the gateway or the upstream"
            + " needs as sent (expected: a header name of your own)");
  }

  @Test
  void unknownKey_suggests() {
    assertThat(errors("identityHeaders: { subjects: X-Sub }")).containsExactly(
        "portico.yaml:1:20: identityHeaders.subjects: unknown key (did you mean \"subject\"?)");
  }
}
