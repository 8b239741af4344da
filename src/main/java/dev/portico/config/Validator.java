package dev.portico.config;

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
      if (!route.upstream().isEmpty() && !upstreamNames.contains(route.upstream())) {
        String hint = upstreamNames.isEmpty()
            ? "(no upstreams are defined)"
            : EditDistance.suggestion(route.upstream(), upstreamNames);
        reader.error(source.errorAt(path + ".upstream",
            Quote.of(route.upstream()) + " is not a defined upstream " + hint));
      }
    }
  }
}
