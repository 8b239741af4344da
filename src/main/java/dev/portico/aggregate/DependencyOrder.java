package dev.portico.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders an aggregate's calls so that each comes after the calls it needs (depth-first, keeping file order). */
public final class DependencyOrder {
  private DependencyOrder() {}

  /**
   * @param needs each call's dependencies, in declaration order; every dependency must be a key
   * @return the calls, dependencies first, otherwise in declaration order
   * @throws CycleException naming the calls of the first cycle found
   */
  public static List<String> of(Map<String, Set<String>> needs) {
    List<String> order = new ArrayList<>(needs.size());
    Map<String, Integer> state = new HashMap<>(); // 1 = visiting, 2 = done
    for (String call : needs.keySet()) {
      visit(call, needs, state, order, new ArrayList<>());
    }
    return List.copyOf(order);
  }

  private static void visit(String call, Map<String, Set<String>> needs, Map<String, Integer> state,
      List<String> order, List<String> stack) {
    Integer s = state.get(call);
    if (s != null && s == 2) {
      return;
    }
    stack.add(call);
    if (s != null) {
      throw new CycleException(List.copyOf(stack.subList(stack.indexOf(call), stack.size())));
    }
    state.put(call, 1);
    for (String dependency : needs.getOrDefault(call, Set.of())) {
      visit(dependency, needs, state, order, stack);
    }
    state.put(call, 2);
    stack.remove(stack.size() - 1);
    order.add(call);
  }

  /** The calls of a cycle, the first repeated at the end: {@code [a, b, a]}. */
  public static final class CycleException extends RuntimeException {
    private final List<String> cycle;

    CycleException(List<String> cycle) {
      super(String.join(" -> ", cycle), null, false, false);
      this.cycle = cycle;
    }

    public List<String> cycle() {
      return cycle;
    }
  }
}
