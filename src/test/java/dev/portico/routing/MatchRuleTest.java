package dev.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatchRuleTest {

  @Test
  void normalisesCaseOfHostsMethodsAndHeaderNames() {
    MatchRule rule = new MatchRule(List.of("API.Example.com"), "/x", Set.of("get"),
        Map.of("X-Tenant", "acme"), Map.of("Mode", "a"), 0);
    assertThat(rule.hosts()).containsExactly("api.example.com");
    assertThat(rule.methods()).containsExactlyInAnyOrder("GET", "HEAD");
    assertThat(rule.headers()).containsExactly(Map.entry("x-tenant", "acme"));
    assertThat(rule.query()).containsExactly(Map.entry("Mode", "a"));
  }

  @Test
  void nullCollectionsMeanAny() {
    MatchRule rule = new MatchRule(null, "/x", null, null, null, 0);
    assertThat(rule.hosts()).isEmpty();
    assertThat(rule.methods()).isEmpty();
    assertThat(rule.headers()).isEmpty();
    assertThat(rule.query()).isEmpty();
  }

  @Test
  void rejectsMalformedWildcardHosts() {
    for (String host : new String[] {"*", "*.", "a.*.com", "*example.com", "api.*", ""}) {
      assertThatThrownBy(() -> new MatchRule(List.of(host), "/x", null, null, null, 0))
          .as(host).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hosts:");
    }
  }

  @Test
  void rejectsHeaderNamesThatDifferOnlyInCase() {
    assertThatThrownBy(() -> new MatchRule(null, "/x", null, Map.of("X-A", "1", "x-a", "2"), null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
  }

  @Test
  void getImpliesHead() {
    assertThat(new MatchRule(null, "/x", Set.of("GET", "POST"), null, null, 0).methods())
        .containsExactlyInAnyOrder("GET", "HEAD", "POST");
    assertThat(new MatchRule(null, "/x", Set.of("POST"), null, null, 0).methods()).containsExactly("POST");
  }

  @Test
  void rejectsMissingPath() {
    assertThatThrownBy(() -> MatchRule.of(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
