package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code admin.token} and {@code admin.stateFile}: binding, defaults and errors with their positions. */
class AdminConfigTest {

  static AdminConfig admin(String yaml, Map<String, String> env) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", env::get).admin();
  }

  @Test
  void defaults_noTokenAndNoStateFile() throws ConfigException {
    AdminConfig admin = admin("admin: { port: 9901 }", Map.of());

    assertThat(admin.token()).isNull();
    assertThat(admin.stateFile()).isNull();
  }

  @Test
  void token_fromTheEnvironment_andStateFile() throws ConfigException {
    AdminConfig admin = admin("admin: { token: \"${PORTICO_ADMIN_TOKEN}\", stateFile: /var/lib/portico/admin.yaml }",
        Map.of("PORTICO_ADMIN_TOKEN", "0123456789abcdef-token"));

    assertThat(admin.token()).isEqualTo("0123456789abcdef-token");
    assertThat(admin.stateFile()).isEqualTo("/var/lib/portico/admin.yaml");
  }

  @Test
  void toString_neverShowsTheToken() throws ConfigException {
    AdminConfig admin = admin("admin: { token: 0123456789abcdef-token }", Map.of());

    assertThat(admin.toString()).doesNotContain("0123456789abcdef-token").contains("token=***");
  }

  @Test
  void shortToken_isAnErrorQuotingTheTextAsWritten_neverTheSecret() {
    assertThat(ConfigErrorsTest.errors("admin:\n  token: \"${SHORT}\"\n", Map.of("SHORT", "abc")::get))
        .containsExactly("portico.yaml:2:10: admin.token: \"${SHORT}\" (expected: a secret of at least 16 characters,"
            + " e.g. \"${PORTICO_ADMIN_TOKEN}\")");
  }

  @Test
  void unsetTokenVariable_isAnError() {
    assertThat(ConfigErrorsTest.errors("admin: { token: \"${NOPE}\" }")).hasSize(1)
        .allSatisfy(e -> assertThat(e).startsWith("portico.yaml:1:17: admin.token: "));
  }

  @Test
  void blankStateFile_isAnError() {
    assertThat(ConfigErrorsTest.errors("admin: { stateFile: \" \" }")).containsExactly(
        "portico.yaml:1:21: admin.stateFile: \" \" (expected: a file path)");
  }
}
