package dev.portico.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fluent {@link MatchRule} construction for tests. */
final class Rules {
  private final String path;
  private final List<String> hosts = new ArrayList<>();
  private final Set<String> methods = new LinkedHashSet<>();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, String> query = new LinkedHashMap<>();
  private int priority;

  private Rules(String path) {
    this.path = path;
  }

  static Rules path(String path) {
    return new Rules(path);
  }

  Rules hosts(String... h) {
    hosts.addAll(List.of(h));
    return this;
  }

  Rules methods(String... m) {
    methods.addAll(List.of(m));
    return this;
  }

  Rules header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  Rules query(String name, String value) {
    query.put(name, value);
    return this;
  }

  Rules priority(int p) {
    priority = p;
    return this;
  }

  MatchRule rule() {
    return new MatchRule(hosts, path, methods, headers, query, priority);
  }
}
