package dev.portico.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a request must look like to reach a route. See {@link RouteTable} for how competing rules are ranked.
 *
 * @param hosts    empty = any host; otherwise exact ({@code api.example.com}) or wildcard
 *                 ({@code *.example.com}: one or more labels before {@code .example.com}, not
 *                 {@code example.com} itself). Lower-cased here.
 * @param path     path pattern: {@code /health}, {@code /orders/{id}}, {@code /api/**}; checked when the rule
 *                 is added to a {@link RouteTable.Builder}
 * @param methods  empty = any method; upper-cased here, and HEAD is added wherever GET is
 * @param headers  header name to exact value, or {@code "*"} for "present"; names are case-insensitive
 *                 (lower-cased here)
 * @param query    query parameter name to exact value, or {@code "*"} for "present"; names are case-sensitive
 * @param priority higher wins, before any other rule of precedence
 * @param mediaType a parameter the preferred media range of {@code Accept} must carry (a version), or
 *                  {@code null}; counts as one constraint
 */
public record MatchRule(List<String> hosts, String path, Set<String> methods,
    Map<String, String> headers, Map<String, String> query, int priority, MediaTypeCondition mediaType) {

  /** A rule without a media-type condition. */
  public MatchRule(List<String> hosts, String path, Set<String> methods, Map<String, String> headers,
      Map<String, String> query, int priority) {
    this(hosts, path, methods, headers, query, priority, null);
  }

  /** Null collections are read as empty. */
  public MatchRule {
    if (path == null) {
      throw new IllegalArgumentException("path: missing (expected: a pattern such as /orders/{id})");
    }
    hosts = hosts == null ? List.of() : checkHosts(hosts);
    methods = methods == null ? Set.of() : checkMethods(methods);
    headers = headers == null ? Map.of() : checkConditions("headers", headers, true);
    query = query == null ? Map.of() : checkConditions("query", query, false);
  }

  /** Any host, any method, no conditions, priority 0. */
  public static MatchRule of(String path) {
    return new MatchRule(List.of(), path, Set.of(), Map.of(), Map.of(), 0);
  }

  private static List<String> checkHosts(List<String> hosts) {
    Set<String> out = new LinkedHashSet<>();
    for (String host : hosts) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("hosts: empty host (expected: api.example.com or *.example.com)");
      }
      String h = host.trim().toLowerCase(Locale.ROOT);
      boolean wildcard = h.startsWith("*.");
      if (h.indexOf('*', wildcard ? 1 : 0) >= 0 || (wildcard && h.length() < 3)) {
        throw new IllegalArgumentException("hosts: \"" + host
            + "\" (expected: api.example.com or *.example.com, \"*\" only as the first label)");
      }
      out.add(h);
    }
    return List.copyOf(out);
  }

  private static Set<String> checkMethods(Set<String> methods) {
    Set<String> out = new LinkedHashSet<>();
    for (String m : methods) {
      if (m == null || m.isBlank()) {
        throw new IllegalArgumentException("methods: empty method (expected: GET, POST, ...)");
      }
      out.add(m.trim().toUpperCase(Locale.ROOT));
    }
    // HEAD is GET without the body (RFC 9110 section 9.3.2): a route serving GET serves HEAD too.
    if (out.contains("GET")) {
      out.add("HEAD");
    }
    return Set.copyOf(out);
  }

  private static Map<String, String> checkConditions(String what, Map<String, String> conditions,
      boolean lowerCaseNames) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : conditions.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException(what + ": empty name");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(what + "." + name
            + ": missing value (expected: an exact value, or \"*\" for present)");
      }
      String key = lowerCaseNames ? name.toLowerCase(Locale.ROOT) : name;
      if (out.put(key, e.getValue()) != null) {
        throw new IllegalArgumentException(what + ": \"" + name + "\" given twice (names are case-insensitive)");
      }
    }
    return Map.copyOf(out);
  }

  /** Names in a stable order, for compiling. */
  static List<String> sortedNames(Map<String, String> m) {
    List<String> names = new ArrayList<>(m.keySet());
    names.sort(null);
    return names;
  }
}
