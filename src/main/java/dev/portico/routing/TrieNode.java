package dev.portico.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Immutable node of the segment trie: literal children by text, one param child, routes ending here. */
final class TrieNode<T> {
  /** Routes sorted best first among routes of one host group: priority descending, then rank. */
  static final Comparator<CompiledRoute<?>> NODE_ORDER =
      Comparator.<CompiledRoute<?>>comparingInt(r -> -r.priority).thenComparingInt(r -> r.rank);

  final SegmentMap<TrieNode<T>> literals; // null if none
  final TrieNode<T> param; // null if none
  /** Routes whose pattern ends at this node (path exhausted). */
  final CompiledRoute<T>[] terminal; // null if none
  /** Routes whose pattern has {@code **} after this node: they match here whatever the rest. */
  final CompiledRoute<T>[] catchAll; // null if none
  /** Highest priority of any route in this subtree, to skip subtrees that cannot beat the best so far. */
  final int maxPriority;

  private TrieNode(SegmentMap<TrieNode<T>> literals, TrieNode<T> param, CompiledRoute<T>[] terminal,
      CompiledRoute<T>[] catchAll, int maxPriority) {
    this.literals = literals;
    this.param = param;
    this.terminal = terminal;
    this.catchAll = catchAll;
    this.maxPriority = maxPriority;
  }

  /** Mutable counterpart, used only while building. */
  static final class Builder<T> {
    private final Map<String, Builder<T>> literals = new HashMap<>();
    private Builder<T> param;
    private final List<CompiledRoute<T>> terminal = new ArrayList<>();
    private final List<CompiledRoute<T>> catchAll = new ArrayList<>();

    void insert(CompiledRoute<T> route) {
      Builder<T> node = this;
      PathPattern p = route.pattern;
      for (int i = 0; i < p.kinds.length; i++) {
        switch (p.kinds[i]) {
          case PathPattern.LITERAL -> node = node.literals.computeIfAbsent(p.texts[i], k -> new Builder<>());
          case PathPattern.PARAM -> {
            if (node.param == null) {
              node.param = new Builder<>();
            }
            node = node.param;
          }
          default -> { // CATCH_ALL, always last
            node.catchAll.add(route);
            return;
          }
        }
      }
      node.terminal.add(route);
    }

    TrieNode<T> freeze() {
      int max = Integer.MIN_VALUE;
      Map<String, TrieNode<T>> frozen = new HashMap<>();
      for (Map.Entry<String, Builder<T>> e : literals.entrySet()) {
        TrieNode<T> child = e.getValue().freeze();
        frozen.put(e.getKey(), child);
        max = Math.max(max, child.maxPriority);
      }
      TrieNode<T> p = param == null ? null : param.freeze();
      if (p != null) {
        max = Math.max(max, p.maxPriority);
      }
      CompiledRoute<T>[] t = sorted(terminal);
      CompiledRoute<T>[] c = sorted(catchAll);
      if (t != null) {
        max = Math.max(max, t[0].priority);
      }
      if (c != null) {
        max = Math.max(max, c[0].priority);
      }
      return new TrieNode<>(frozen.isEmpty() ? null : new SegmentMap<>(frozen), p, t, c, max);
    }

    @SuppressWarnings("unchecked")
    private static <T> CompiledRoute<T>[] sorted(List<CompiledRoute<T>> routes) {
      if (routes.isEmpty()) {
        return null;
      }
      CompiledRoute<T>[] a = routes.toArray(new CompiledRoute[0]);
      java.util.Arrays.sort(a, NODE_ORDER);
      return a;
    }
  }
}
