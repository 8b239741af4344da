package dev.portico.routing;

import java.util.List;
import java.util.Set;

/** One route as the lookup sees it: its conditions flattened into arrays, and its precomputed rank. */
final class CompiledRoute<T> {
  final MatchRule rule;
  final T value;
  final PathPattern pattern;
  final int priority;
  /**
   * Position among all routes ordered by path specificity, then constraint count, then declaration order
   * (lower is better). Host specificity depends on the host group the route is found in, so it is not
   * part of this number.
   */
  final int rank;
  private final String[] methods;
  private final String[] headerNames;
  private final String[] headerValues;
  private final String[] queryNames;
  private final String[] queryValues;
  private final MediaTypeCondition mediaType; // null = none

  CompiledRoute(MatchRule rule, T value, PathPattern pattern, int rank) {
    this.rule = rule;
    this.value = value;
    this.pattern = pattern;
    this.priority = rule.priority();
    this.rank = rank;
    this.methods = rule.methods().stream().sorted().toArray(String[]::new);
    List<String> h = MatchRule.sortedNames(rule.headers());
    this.headerNames = h.toArray(String[]::new);
    this.headerValues = h.stream().map(rule.headers()::get).toArray(String[]::new);
    List<String> q = MatchRule.sortedNames(rule.query());
    this.queryNames = q.toArray(String[]::new);
    this.queryValues = q.stream().map(rule.query()::get).toArray(String[]::new);
    this.mediaType = rule.mediaType();
  }

  static int constraintCount(MatchRule rule) {
    return (rule.methods().isEmpty() ? 0 : 1) + rule.headers().size() + rule.query().size()
        + (rule.mediaType() == null ? 0 : 1);
  }

  /** Headers, query and media-type conditions (everything except host, path and method). */
  boolean matchesConditions(RequestView request) {
    for (int i = 0; i < headerNames.length; i++) {
      if (!accepts(headerValues[i], request.header(headerNames[i]))) {
        return false;
      }
    }
    for (int i = 0; i < queryNames.length; i++) {
      if (!accepts(queryValues[i], request.queryParam(queryNames[i]))) {
        return false;
      }
    }
    return mediaType == null || mediaType.matches(request.joinedHeader("accept"));
  }

  private static boolean accepts(String expected, String actual) {
    return actual != null && ("*".equals(expected) || expected.equals(actual));
  }

  boolean matchesMethod(String method) {
    if (methods.length == 0) {
      return true;
    }
    for (String m : methods) {
      if (m.equals(method)) {
        return true;
      }
    }
    return false;
  }

  void addMethodsTo(Set<String> out) {
    for (String m : methods) {
      out.add(m);
    }
  }

  @Override
  public String toString() {
    return rule.toString();
  }
}
