package dev.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.routing.RouteMatch.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableScaleTest {

  private static final int ROUTES = 10_000;

  @Test
  void tenThousandTemplateRoutesEachMatchTheirOwnValue() {
    RouteTable.Builder<Integer> builder = RouteTable.builder();
    for (int i = 0; i < ROUTES; i++) {
      builder.add(MatchRule.of("/svc" + i + "/items/{id}"), i);
    }
    RouteTable<Integer> table = builder.build();

    assertThat(table.size()).isEqualTo(ROUTES);
    for (int i = 0; i < ROUTES; i++) {
      RouteMatch<Integer> m = table.match(TestRequest.get("/svc" + i + "/items/x" + i));
      assertThat(m.value()).isEqualTo(i);
      assertThat(m.pathParams()).containsExactly(Map.entry("id", "x" + i));
    }
    assertThat(table.match(TestRequest.get("/svc" + ROUTES + "/items/1")).status()).isEqualTo(Status.NOT_FOUND);
    assertThat(table.match(TestRequest.get("/svc1/items")).status()).isEqualTo(Status.NOT_FOUND);
  }

  @Test
  void tenThousandRoutesAcrossHostsMethodsAndPrefixes() {
    RouteTable.Builder<String> builder = RouteTable.builder();
    for (int i = 0; i < ROUTES; i++) {
      String host = "tenant" + (i % 100) + ".example.com";
      builder.add(new MatchRule(List.of(host), "/api/v" + (i / 100) + "/**", Set.of("GET"), Map.of(), Map.of(), 0),
          host + "#" + i);
    }
    builder.add(new MatchRule(List.of("*.example.com"), "/**", Set.of(), Map.of(), Map.of(), 0), "wildcard");
    RouteTable<String> table = builder.build();

    for (int i = 0; i < ROUTES; i += 7) {
      String host = "tenant" + (i % 100) + ".example.com";
      RouteMatch<String> m = table.match(TestRequest.get("/api/v" + (i / 100) + "/x").host(host));
      assertThat(m.value()).isEqualTo(host + "#" + i);
    }
    assertThat(table.match(TestRequest.of("POST", "/api/v1/x").host("tenant1.example.com")).value())
        .isEqualTo("wildcard");
    assertThat(table.match(TestRequest.get("/api/v1/x").host("example.com")).status()).isEqualTo(Status.NOT_FOUND);
  }
}
