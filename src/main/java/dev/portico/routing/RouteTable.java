package dev.portico.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Immutable route table: built once per config snapshot, then read by any number of threads without locks.
 *
 * <h2>Lookup</h2>
 * Routes are grouped by host: an exact-host map, a wildcard-suffix map ({@code *.example.com} is stored under
 * {@code .example.com}) and an any-host group. Each group holds a segment trie: literal children in a hash map,
 * one {@code {param}} child and the routes ending in {@code **}. A lookup walks the request path once per
 * matching host group, so its cost depends on the path's depth and the number of params and prefixes that
 * overlap it, not on the number of routes. No regex is involved. Allocation: one small search object and
 * the result; path params are only extracted when {@link RouteMatch#pathParams()} is called.
 *
 * <h2>Precedence</h2>
 * Among all routes whose host, path, method, headers and query all match, the winner is the one with
 * <ol>
 *   <li>the highest {@link MatchRule#priority()};</li>
 *   <li>then the most specific host: exact, then wildcard (longer suffix first: {@code *.eu.example.com}
 *       before {@code *.example.com}), then any host;</li>
 *   <li>then the most specific path, compared segment by segment from the left: literal beats {@code {param}}
 *       beats {@code **}; a pattern that ends exactly where a {@code **} starts beats it
 *       ({@code /api} beats {@code /api/**} on {@code /api}), so a longer literal match beats a shorter
 *       prefix ({@code /api/v1/**} beats {@code /api/**});</li>
 *   <li>then the most constraints: one for a non-empty method set, plus one per header and query
 *       condition;</li>
 *   <li>then declaration order: the route added first wins.</li>
 * </ol>
 * The result is {@link RouteMatch.Status#METHOD_NOT_ALLOWED} only when some route matched host, path, headers
 * and query but none matched the method; its {@link RouteMatch#allowedMethods()} is the union of those
 * routes' methods. Otherwise it is {@link RouteMatch.Status#NOT_FOUND}.
 *
 * <h2>Paths</h2>
 * Request paths must be canonical ({@link PathNormalizer}). For exact and template patterns a trailing slash
 * is significant: {@code /orders} and {@code /orders/} are different paths. A prefix pattern {@code /api/**}
 * matches {@code /api}, {@code /api/} and everything below {@code /api/}. {@code {id}} matches exactly one
 * non-empty segment.
 */
public final class RouteTable<T> {
  private static final int EXACT_HOST = Integer.MAX_VALUE;
  private static final int ANY_HOST = 0;

  private final SegmentMap<TrieNode<T>> exactHosts; // null if none
  private final SegmentMap<TrieNode<T>> wildcardHosts; // by suffix ".example.com"; null if none
  private final TrieNode<T> anyHost; // null if none
  private final int size;

  private RouteTable(SegmentMap<TrieNode<T>> exactHosts, SegmentMap<TrieNode<T>> wildcardHosts,
      TrieNode<T> anyHost, int size) {
    this.exactHosts = exactHosts;
    this.wildcardHosts = wildcardHosts;
    this.anyHost = anyHost;
    this.size = size;
  }

  /**
   * Checks a path pattern without building a table, for config validation.
   *
   * @return the names the pattern captures ({@code {name}} segments, and {@code **} for a prefix)
   * @throws InvalidPatternException with a message fit for a config error
   */
  public static List<String> checkPattern(String pattern) {
    return PathPattern.parse(pattern).captureNames();
  }

  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** Number of routes added. */
  public int size() {
    return size;
  }

  /** The best route for {@code request}; never null. */
  public RouteMatch<T> match(RequestView request) {
    Search<T> search = new Search<>(request, false);
    searchAll(search);
    if (search.best != null) {
      return RouteMatch.matched(search.best, search.path);
    }
    if (!search.methodMismatch) {
      return RouteMatch.notFound();
    }
    Search<T> collect = new Search<>(request, true);
    searchAll(collect);
    return RouteMatch.methodNotAllowed(collect.allowed);
  }

  private void searchAll(Search<T> s) {
    String host = s.request.host();
    if (host != null) {
      int len = host.length();
      if (exactHosts != null) {
        TrieNode<T> root = exactHosts.get(host, 0, len);
        if (root != null) {
          s.run(root, EXACT_HOST);
        }
      }
      if (wildcardHosts != null) {
        // left to right: the longest suffix first; at least one character before the dot
        for (int dot = host.indexOf('.', 1); dot > 0; dot = host.indexOf('.', dot + 1)) {
          TrieNode<T> root = wildcardHosts.get(host, dot, len);
          if (root != null) {
            s.run(root, len - dot);
          }
        }
      }
    }
    if (anyHost != null) {
      s.run(anyHost, ANY_HOST);
    }
  }

  /** State of one lookup. */
  private static final class Search<T> {
    final RequestView request;
    final String path;
    final String method;
    final boolean collecting; // second pass of a 405: gather the allowed methods
    final Set<String> allowed;
    int hostRank;
    CompiledRoute<T> best;
    int bestHostRank;
    boolean methodMismatch;

    Search(RequestView request, boolean collecting) {
      this.request = request;
      this.path = Objects.requireNonNull(request.path(), "path");
      this.method = request.method();
      this.collecting = collecting;
      this.allowed = collecting ? new TreeSet<>() : null;
    }

    void run(TrieNode<T> root, int hostRank) {
      this.hostRank = hostRank;
      visit(root, 1);
    }

    /** {@code start}: index of the next segment; past the end when the path is used up. */
    private void visit(TrieNode<T> node, int start) {
      if (best != null && !mayBeat(node.maxPriority, Integer.MIN_VALUE)) {
        return;
      }
      if (node.catchAll != null) {
        consider(node.catchAll);
      }
      int len = path.length();
      if (start > len) {
        if (node.terminal != null) {
          consider(node.terminal);
        }
        return;
      }
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = len;
      }
      if (node.literals != null) {
        TrieNode<T> child = node.literals.get(path, start, end);
        if (child != null) {
          visit(child, end + 1);
        }
      }
      if (node.param != null && end > start) {
        visit(node.param, end + 1);
      }
    }

    /** Could a route with this priority and rank, in the current host group, beat the best so far? */
    private boolean mayBeat(int priority, int rank) {
      CompiledRoute<T> b = best;
      if (priority != b.priority) {
        return priority > b.priority;
      }
      if (hostRank != bestHostRank) {
        return hostRank > bestHostRank;
      }
      return rank < b.rank;
    }

    /** {@code routes} are sorted best first (priority, then rank). */
    private void consider(CompiledRoute<T>[] routes) {
      for (CompiledRoute<T> r : routes) {
        if (best != null && !mayBeat(r.priority, r.rank)) {
          return; // neither this one nor any after it can win
        }
        if (!r.matchesConditions(request)) {
          continue;
        }
        if (collecting) {
          r.addMethodsTo(allowed);
        } else if (r.matchesMethod(method)) {
          best = r;
          bestHostRank = hostRank;
          return;
        } else {
          methodMismatch = true;
        }
      }
    }
  }

  /** Collects routes; {@link #build()} compiles them into an immutable table. */
  public static final class Builder<T> {
    private record Entry<T>(MatchRule rule, T value, PathPattern pattern, int order) {}

    private final List<Entry<T>> entries = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a route. Earlier routes win ties (see {@link RouteTable}).
     *
     * @throws InvalidPatternException if {@code rule.path()} is not a valid pattern
     */
    public Builder<T> add(MatchRule rule, T value) {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(value, "value");
      entries.add(new Entry<>(rule, value, PathPattern.parse(rule.path()), entries.size()));
      return this;
    }

    public RouteTable<T> build() {
      List<Entry<T>> ordered = new ArrayList<>(entries);
      ordered.sort(Comparator.<Entry<T>, PathPattern>comparing(Entry::pattern,
              (a, b) -> PathPattern.compareSpecificity(b, a))
          .thenComparing(e -> -CompiledRoute.constraintCount(e.rule()))
          .thenComparingInt(Entry::order));
      Map<String, TrieNode.Builder<T>> exact = new HashMap<>();
      Map<String, TrieNode.Builder<T>> wildcard = new HashMap<>();
      TrieNode.Builder<T> any = null;
      for (int rank = 0; rank < ordered.size(); rank++) {
        Entry<T> e = ordered.get(rank);
        CompiledRoute<T> route = new CompiledRoute<>(e.rule(), e.value(), e.pattern(), rank);
        if (e.rule().hosts().isEmpty()) {
          if (any == null) {
            any = new TrieNode.Builder<>();
          }
          any.insert(route);
        }
        for (String host : new LinkedHashSet<>(e.rule().hosts())) {
          if (host.startsWith("*.")) {
            wildcard.computeIfAbsent(host.substring(1), k -> new TrieNode.Builder<>()).insert(route);
          } else {
            exact.computeIfAbsent(host, k -> new TrieNode.Builder<>()).insert(route);
          }
        }
      }
      return new RouteTable<>(freeze(exact), freeze(wildcard), any == null ? null : any.freeze(),
          entries.size());
    }

    private static <T> SegmentMap<TrieNode<T>> freeze(Map<String, TrieNode.Builder<T>> groups) {
      if (groups.isEmpty()) {
        return null;
      }
      Map<String, TrieNode<T>> frozen = new HashMap<>();
      groups.forEach((k, v) -> frozen.put(k, v.freeze()));
      return new SegmentMap<>(frozen);
    }
  }
}
