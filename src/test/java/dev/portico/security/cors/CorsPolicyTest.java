package dev.portico.security.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.config.CorsConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions of a CORS policy, without sockets. */
class CorsPolicyTest {
  static final CorsPolicy CREDENTIALED = CorsPolicy.of(new CorsConfig(true,
      List.of("https://app.example.com", "https://*.example.net", "http://localhost:3000"),
      List.of("GET", "POST"), List.of("authorization", "content-type"), List.of("X-Request-Id"), true,
      Duration.ofMinutes(10)));
  static final CorsPolicy PUBLIC = CorsPolicy.of(new CorsConfig(true, List.of("*"), List.of("*"), List.of("*"),
      List.of(), false, null));

  @Test
  void exactOrigin_isEchoedAsSent() {
    assertThat(CREDENTIALED.allowOrigin("https://app.example.com")).isEqualTo("https://app.example.com");
    assertThat(CREDENTIALED.allowOrigin("https://app.example.com:443")).isEqualTo("https://app.example.com:443");
    assertThat(CREDENTIALED.allowOrigin("http://localhost:3000")).isEqualTo("http://localhost:3000");
  }

  @Test
  void subdomainPattern_matchesSubdomainsOnly() {
    assertThat(CREDENTIALED.allowOrigin("https://a.example.net")).isEqualTo("https://a.example.net");
    assertThat(CREDENTIALED.allowOrigin("https://a.b.example.net")).isEqualTo("https://a.b.example.net");
    assertThat(CREDENTIALED.allowOrigin("https://example.net")).isNull();
    assertThat(CREDENTIALED.allowOrigin("http://a.example.net")).as("other scheme").isNull();
    assertThat(CREDENTIALED.allowOrigin("https://a.example.net:8443")).as("other port").isNull();
    assertThat(CREDENTIALED.allowOrigin("https://evilexample.net")).isNull();
  }

  @Test
  void arbitraryOrLookalikeOrigins_areNeverReflected() {
    for (String origin : List.of("https://evil.com", "null", "https://app.example.com.evil.com",
        "https://evil.com/https://app.example.com", "https://app.example.com/", "https://app.example.com@evil.com",
        "https://evil.com#.example.net", "https://evil.com?.example.net", "https://app.example.com\r\nX: y",
        "https://a.example.net.evil.com", "HTTPS://APP.EXAMPLE.COM.evil.com", "", "*", "https://")) {
      assertThat(CREDENTIALED.allowOrigin(origin)).as(origin).isNull();
    }
    assertThat(CREDENTIALED.allowOrigin(null)).isNull();
  }

  @Test
  void originsCompareIgnoringCase() {
    assertThat(CREDENTIALED.allowOrigin("HTTPS://App.Example.COM")).isEqualTo("HTTPS://App.Example.COM");
  }

  @Test
  void anyOriginWithoutCredentials_answersStar() {
    assertThat(PUBLIC.allowOrigin("https://anyone.example")).isEqualTo("*");
    assertThat(PUBLIC.variesByOrigin()).isFalse();
    assertThat(CREDENTIALED.variesByOrigin()).isTrue();
  }

  @Test
  void anyOriginWithCredentials_cannotBeBuilt() {
    assertThatThrownBy(() -> new CorsConfig(true, List.of("*"), List.of("GET"), List.of(), List.of(), true, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void methods_listedOrAny() {
    assertThat(CREDENTIALED.allowsMethod("POST")).isTrue();
    assertThat(CREDENTIALED.allowsMethod("DELETE")).isFalse();
    assertThat(CREDENTIALED.allowsMethod("post")).as("methods are case-sensitive").isFalse();
    assertThat(CREDENTIALED.allowMethods("POST")).isEqualTo("GET, POST");
    assertThat(PUBLIC.allowsMethod("PURGE")).isTrue();
    assertThat(PUBLIC.allowsMethod("BAD METHOD")).isFalse();
    assertThat(PUBLIC.allowMethods("PURGE")).isEqualTo("PURGE");
  }

  @Test
  void requestedHeaders_mustAllBeAllowed() {
    assertThat(CREDENTIALED.allowsHeaders("Authorization, content-type")).isTrue();
    assertThat(CREDENTIALED.allowsHeaders("authorization,x-debug")).isFalse();
    assertThat(CREDENTIALED.allowsHeaders("")).isTrue();
    assertThat(CREDENTIALED.allowsHeaders(null)).isTrue();
    assertThat(CREDENTIALED.allowHeaders("authorization")).isEqualTo("authorization, content-type");
    assertThat(PUBLIC.allowsHeaders("X-Anything, X-Else")).isTrue();
    assertThat(PUBLIC.allowsHeaders("X-Bad\r\nInjected: 1")).isFalse();
    assertThat(PUBLIC.allowHeaders(" X-Anything ,X-Else")).isEqualTo("x-anything, x-else");
  }

  @Test
  void maxAgeAndExposedHeaders() {
    assertThat(CREDENTIALED.maxAge()).isEqualTo("600");
    assertThat(CREDENTIALED.exposeHeaders()).isEqualTo("X-Request-Id");
    assertThat(PUBLIC.maxAge()).isNull();
    assertThat(PUBLIC.exposeHeaders()).isNull();
  }
}
