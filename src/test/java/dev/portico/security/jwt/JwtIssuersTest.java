package dev.portico.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.config.JwtIssuerConfig;
import dev.portico.testing.MutableClock;
import dev.portico.testing.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verifiers survive reloads that leave their issuer unchanged, and stop when their issuer goes away. */
class JwtIssuersTest {
  private MutableClock clock;
  private FakeTimers timers;
  private JwksKeySourceTest.Endpoint endpoint;
  private JwtIssuers issuers;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    timers = new FakeTimers(clock);
    endpoint = new JwksKeySourceTest.Endpoint();
    issuers = new JwtIssuers(endpoint, timers, clock, () -> {});
  }

  static JwtIssuerConfig jwksIssuer(String name, String audience) {
    return new JwtIssuerConfig(name, "https://" + name, List.of(audience), URI.create("https://" + name + "/jwks"),
        List.of(), null, List.of("RS256"), Duration.ofSeconds(30), List.of(), List.of("scope"), Duration.ofMinutes(5),
        Duration.ofSeconds(10), Duration.ofMinutes(1), 8192);
  }

  private void activate(Map<String, JwtIssuerConfig> configs) {
    issuers.prepare(configs);
    issuers.activate(configs);
    while (!endpoint.pending.isEmpty()) {
      endpoint.answer(TestTokens.jwks(TestTokens.rsa("k")), null);
    }
  }

  @Test
  void preparing_doesNotFetch_activatingDoes() {
    Map<String, IssuerVerifier> prepared = issuers.prepare(Map.of("a", jwksIssuer("a", "shop")));
    assertThat(prepared).containsOnlyKeys("a");
    assertThat(endpoint.count()).isZero();
    issuers.activate(Map.of("a", jwksIssuer("a", "shop")));
    assertThat(endpoint.count()).isEqualTo(1);
  }

  @Test
  void unchangedIssuer_keepsItsVerifier_andFetchesNothingOnReload() {
    activate(Map.of("a", jwksIssuer("a", "shop"), "b", jwksIssuer("b", "shop")));
    IssuerVerifier a = issuers.active().get("a");
    IssuerVerifier b = issuers.active().get("b");
    assertThat(endpoint.count()).isEqualTo(2);

    activate(Map.of("a", jwksIssuer("a", "shop"), "b", jwksIssuer("b", "billing")));
    assertThat(issuers.active().get("a")).isSameAs(a);
    assertThat(issuers.active().get("b")).isNotSameAs(b);
    assertThat(endpoint.count()).isEqualTo(3);
  }

  @Test
  void removedIssuer_stopsRefreshing() {
    activate(Map.of("a", jwksIssuer("a", "shop"), "b", jwksIssuer("b", "shop")));
    assertThat(timers.pendingCount()).isEqualTo(2);
    activate(Map.of("a", jwksIssuer("a", "shop")));
    assertThat(timers.pendingCount()).isEqualTo(1);
    timers.advance(Duration.ofMinutes(5));
    assertThat(endpoint.requests).last().isEqualTo(URI.create("https://a/jwks"));
    assertThat(endpoint.requests.stream().filter(u -> u.getHost().equals("b"))).hasSize(1);
  }

  @Test
  void failedCompile_leavesTheActiveVerifiersAlone() {
    activate(Map.of("a", jwksIssuer("a", "shop")));
    IssuerVerifier a = issuers.active().get("a");
    issuers.prepare(Map.of("a", jwksIssuer("a", "changed")));
    // The compile failed: nothing is activated, and the next one still reuses the active verifier.
    assertThat(issuers.prepare(Map.of("a", jwksIssuer("a", "shop"))).get("a")).isSameAs(a);
    assertThatThrownBy(() -> issuers.activate(Map.of("a", jwksIssuer("a", "other"))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_stopsEveryRefresh() {
    activate(Map.of("a", jwksIssuer("a", "shop")));
    issuers.close();
    assertThat(timers.pendingCount()).isZero();
  }
}
