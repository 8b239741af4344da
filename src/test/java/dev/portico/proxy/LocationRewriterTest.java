package dev.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationRewriterTest {
  private static String rewrite(String location, String prefix) {
    return LocationRewriter.rewrite(location, "10.0.0.5:9101", "https", "api.example.com", prefix);
  }

  @Test
  void anAbsoluteUrlNamingTheTargetGetsTheClientsSchemeAndHost() {
    assertThat(rewrite("http://10.0.0.5:9101/orders/42?x=1#f", null))
        .isEqualTo("https://api.example.com/orders/42?x=1#f");
  }

  @Test
  void theStrippedPrefixIsPutBackOnAbsoluteAndPathAbsoluteLocations() {
    assertThat(rewrite("http://10.0.0.5:9101/orders/42", "/api")).isEqualTo("https://api.example.com/api/orders/42");
    assertThat(rewrite("/orders/42", "/api")).isEqualTo("/api/orders/42");
    assertThat(rewrite("/orders/42", "/api/")).isEqualTo("/api/orders/42");
  }

  @Test
  void hostNamesCompareWithoutCaseAndDefaultPortsMatchNone() {
    assertThat(LocationRewriter.rewrite("HTTP://Orders.Internal:80/a", "orders.internal", "http", "gw", null))
        .isEqualTo("http://gw/a");
    assertThat(LocationRewriter.rewrite("https://orders.internal/a", "orders.internal:443", "https", "gw", null))
        .isEqualTo("https://gw/a");
  }

  @Test
  void aNetworkPathReferenceNamingTheTargetIsMappedToo() {
    assertThat(rewrite("//10.0.0.5:9101/x", "/api")).isEqualTo("https://api.example.com/api/x");
  }

  @Test
  void anAbsoluteUrlWithoutPathGetsTheRootPath() {
    assertThat(rewrite("http://10.0.0.5:9101", null)).isEqualTo("https://api.example.com/");
    assertThat(rewrite("http://10.0.0.5:9101?next=1", "/api")).isEqualTo("https://api.example.com/api/?next=1");
  }

  @Test
  void locationsElsewhereAndRelativeReferencesPassUntouched() {
    assertThat(rewrite("https://login.example.com/start", "/api")).isEqualTo("https://login.example.com/start");
    assertThat(rewrite("http://10.0.0.5:9102/other-port", "/api")).isEqualTo("http://10.0.0.5:9102/other-port");
    assertThat(rewrite("//10.0.0.9/x", "/api")).isEqualTo("//10.0.0.9/x");
    assertThat(rewrite("next/page", "/api")).isEqualTo("next/page");
    assertThat(rewrite("mailto:ops@example.com", "/api")).isEqualTo("mailto:ops@example.com");
  }

  @Test
  void withoutAClientHostTheTargetsUrlBecomesAPathOnly() {
    assertThat(LocationRewriter.rewrite("http://10.0.0.5:9101/a", "10.0.0.5:9101", "http", null, "/api"))
        .isEqualTo("/api/a");
  }
}
