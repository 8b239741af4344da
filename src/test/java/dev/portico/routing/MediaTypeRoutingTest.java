package dev.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.routing.RouteMatch.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where a {@code mediaType} condition stands in the router's precedence. */
class MediaTypeRoutingTest {
  static MatchRule versioned(String path, String version) {
    return new MatchRule(List.of(), path, Set.of(), Map.of(), Map.of(), 0,
        new MediaTypeCondition(null, "version", version));
  }

  static String winner(RouteTable<String> table, String path, String accept) {
    TestRequest request = TestRequest.get(path);
    if (accept != null) {
      request.header("Accept", accept);
    }
    RouteMatch<String> m = table.match(request);
    return m.status() == Status.MATCHED ? m.value() : m.status().name();
  }

  @Test
  void aVersionedRouteOutranksThePlainOneOnTheSamePath_whateverTheOrder() {
    RouteTable<String> table = RouteTable.<String>builder()
        .add(MatchRule.of("/o/**"), "plain")
        .add(versioned("/o/**", "2"), "v2")
        .build();
    assertThat(winner(table, "/o/1", "application/json; version=2")).isEqualTo("v2");
    assertThat(winner(table, "/o/1", "application/json; version=1")).isEqualTo("plain");
    assertThat(winner(table, "/o/1", null)).isEqualTo("plain");
  }

  @Test
  void pathSpecificityStillComesFirst() {
    RouteTable<String> table = RouteTable.<String>builder()
        .add(versioned("/o/**", "2"), "v2-prefix")
        .add(MatchRule.of("/o/{id}"), "exact")
        .build();
    assertThat(winner(table, "/o/1", "application/json; version=2")).isEqualTo("exact");
  }

  @Test
  void aFailedMediaTypeConditionIsNotA405() {
    RouteTable<String> table = RouteTable.<String>builder()
        .add(versioned("/o", "2"), "v2")
        .build();
    assertThat(winner(table, "/o", "application/json; version=1")).isEqualTo("NOT_FOUND");
  }

  @Test
  void conditionsAreCheckedTogether() {
    MatchRule both = new MatchRule(List.of(), "/o", Set.of("GET"), Map.of("x-beta", "1"), Map.of(), 0,
        new MediaTypeCondition("application/vnd.shop+json", "version", "2"));
    RouteTable<String> table = RouteTable.<String>builder().add(both, "both").add(MatchRule.of("/o"), "plain").build();
    TestRequest request = TestRequest.get("/o").header("Accept", "application/vnd.shop+json;version=2");
    assertThat(table.match(request).value()).isEqualTo("plain");
    assertThat(table.match(request.header("X-Beta", "1")).value()).isEqualTo("both");
  }
}
