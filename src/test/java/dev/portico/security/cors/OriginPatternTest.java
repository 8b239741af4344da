package dev.portico.security.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OriginPatternTest {

  @Test
  void normalisesCaseAndDefaultPorts() {
    assertThat(OriginPattern.parse("HTTPS://App.Example.com:443").normalized()).isEqualTo("https://app.example.com");
    assertThat(OriginPattern.parse("http://app.example.com:80").normalized()).isEqualTo("http://app.example.com");
    assertThat(OriginPattern.parse("http://app.example.com:443").normalized()).isEqualTo("http://app.example.com:443");
    assertThat(OriginPattern.parse("https://*.Example.com").normalized()).isEqualTo("https://*.example.com");
    assertThat(OriginPattern.parse("http://[::1]:3000").normalized()).isEqualTo("http://[::1]:3000");
    assertThat(OriginPattern.parse("*").normalized()).isEqualTo("*");
  }

  @Test
  void refusesWhatIsNotAnOrigin() {
    for (String s : new String[] {"example.com", "https://", "https://a.example.com/", "https://a.example.com:",
        "https://a.example.com:99999", "https://*.com", "https://a.*.example.com", "https://*", "ws://a.example",
        "https://-a.example.com", "https://a_b.example.com", "https://[::1", "null", "https://a.example.com?x"}) {
      assertThatThrownBy(() -> OriginPattern.parse(s)).as(s).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void requestOrigins_neverParseAsPatterns() {
    assertThat(OriginPattern.ofRequest("https://*.example.com")).isNull();
    assertThat(OriginPattern.ofRequest("*")).isNull();
    assertThat(OriginPattern.ofRequest("https://a.example.com")).isNotNull();
  }
}
