package dev.portico.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyOrderTest {

  private static Map<String, Set<String>> needs(Object... pairs) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (Set<String>) pairs[i + 1]);
    }
    return out;
  }

  @Test
  void dependenciesComeFirst_otherwiseFileOrder() {
    assertThat(DependencyOrder.of(needs("products", Set.of("order"), "reviews", Set.of(), "order", Set.of(),
        "customer", Set.of("order")))).containsExactly("order", "products", "reviews", "customer");
  }

  @Test
  void cycle_isReportedWithItsCalls() {
    DependencyOrder.CycleException e = catchThrowableOfType(() -> DependencyOrder.of(needs(
        "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("b"))), DependencyOrder.CycleException.class);
    assertThat(e.cycle()).containsExactly("b", "c", "b");
  }
}
