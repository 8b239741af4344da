package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void hidesSecretValues_keepsSettingsAndFlags() {
    Object doc = Map.of(
        "admin", Map.of("port", "9901", "token", "${PORTICO_ADMIN_TOKEN}"),
        "auth", Map.of("apiKeys", Map.of("header", "X-API-Key"),
            "jwt", Map.of("main", Map.of("secret", "hmac-secret", "keys", List.of(Map.of("jwk", Map.of("k", "x")))))),
        "consumers", List.of(Map.of("id", "c", "apiKey", "k1"), Map.of("id", "d", "apiKeys", List.of("k2", "k3"))),
        "routes", List.of(Map.of("id", "r", "auth", Map.of("apiKey", "true"))),
        "cluster", Map.of("redis", Map.of("url", "redis://user:pa55@redis:6379/0", "password", "pw")));

    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) Redactor.redact(doc);

    String text = out.toString();
    assertThat(text).doesNotContain("PORTICO_ADMIN_TOKEN", "hmac-secret", "k1", "k2", "k3", "pa55", "pw}", "k=x");
    assertThat(text).contains("header=X-API-Key", "apiKey=true", "redis://<redacted>@redis:6379/0", "port=9901");
  }
}
