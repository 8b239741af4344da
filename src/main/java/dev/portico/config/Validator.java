package dev.portico.config;

import dev.portico.routing.InvalidPatternException;
import dev.portico.routing.RouteTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one pass after binding that checks references across the file: unique route ids and routes naming existing
 * upstreams. Positions come from the {@link SourceMap}, as any later stage would get them.
 */
final class Validator {

  private final ValueReader reader;

  Validator(ValueReader reader) {
    this.reader = reader;
  }

  /**
   * @param routes        one per route in the file, in order; blank ids or upstreams were already reported
   * @param upstreamNames every upstream declared, including ones with errors, so they are not reported again
   */
  void checkReferences(List<RouteConfig> routes, Set<String> upstreamNames) {
    SourceMap source = reader.sourceMap();
    Map<String, Integer> firstIndex = new HashMap<>(routes.size() * 2);
    for (int i = 0; i < routes.size(); i++) {
      RouteConfig route = routes.get(i);
      String path = "routes[" + i + "]";
      if (!route.id().isEmpty()) {
        Integer first = firstIndex.putIfAbsent(route.id(), i);
        if (first != null) {
          reader.error(source.errorAt(path + ".id", Quote.of(route.id())
              + " is already the id of routes[" + first + "] (expected: a unique route id)"));
        }
      }
      checkPaths(route, path, source);
      if (!route.upstream().isEmpty() && !upstreamNames.contains(route.upstream())) {
        String hint = upstreamNames.isEmpty()
            ? "(no upstreams are defined)"
            : EditDistance.suggestion(route.upstream(), upstreamNames);
        reader.error(source.errorAt(path + ".upstream",
            Quote.of(route.upstream()) + " is not a defined upstream " + hint));
      }
    }
  }

  /**
   * The route's path pattern is valid, and a rewrite template only uses names the pattern
   * captures, so that every error of a file is reported in one pass (not only after binding).
   */
  private void checkPaths(RouteConfig route, String path, SourceMap source) {
    List<String> captured;
    try {
      captured = RouteTable.checkPattern(route.match().path());
    } catch (InvalidPatternException e) {
      reader.error(source.errorAt(path + ".match.path", e.getMessage()));
      return;
    }
    String template = route.rewrite() == null ? null : route.rewrite().path();
    if (template == null) {
      return;
    }
    int open = template.indexOf('{');
    while (open >= 0) {
      int close = template.indexOf('}', open);
      if (close < 0) {
        reader.error(source.errorAt(path + ".rewrite.path", Quote.of(template)
            + ": unclosed \"{\" (expected: {name} naming a parameter of match.path)"));
        return;
      }
      String name = template.substring(open + 1, close);
      if (!captured.contains(name)) {
        reader.error(source.errorAt(path + ".rewrite.path", "\"{" + name + "}\" is not captured by match.path "
            + Quote.of(route.match().path()) + " (expected: one of " + captured + ")"));
      }
      open = template.indexOf('{', close);
    }
  }
}
