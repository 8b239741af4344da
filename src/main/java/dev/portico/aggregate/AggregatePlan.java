package dev.portico.aggregate;

import dev.portico.config.AggregateCallConfig;
import dev.portico.config.AggregateConfig;
import dev.portico.upstream.Upstream;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An aggregate compiled once per config: its calls with parsed templates, dependencies first. The
 * binder has already checked references and cycles.
 *
 * @param calls    in dependency order
 * @param declared call names in file order: the order of the members of the answer
 */
record AggregatePlan(List<PartCall> calls, List<String> declared, long deadlineMillis) {

  static AggregatePlan of(AggregateConfig config, Map<String, Upstream> upstreams) {
    Map<String, PartCall> byName = new LinkedHashMap<>();
    Map<String, Set<String>> needs = new LinkedHashMap<>();
    for (AggregateCallConfig c : config.calls().values()) {
      Template path = Template.parse(c.path());
      Map<String, Template> query = parseAll(c.query());
      Map<String, Template> headers = parseAll(c.headers());
      Set<String> deps = new LinkedHashSet<>(path.dependencies());
      query.values().forEach(t -> deps.addAll(t.dependencies()));
      headers.values().forEach(t -> deps.addAll(t.dependencies()));
      Template forEach = c.forEach() == null ? null : Template.parse(c.forEach());
      if (forEach != null) {
        deps.addAll(forEach.dependencies());
      }
      Upstream upstream = upstreams.get(c.upstream());
      long timeout = (c.timeout() != null ? c.timeout() : upstream.config().timeout()).toMillis();
      byName.put(c.name(), new PartCall(c.name(), upstream, HttpMethod.valueOf(c.method()), path, query, headers,
          timeout, c.required(), c.maxBodySize(), List.copyOf(deps), forEach, c.concurrency()));
      needs.put(c.name(), deps);
    }
    List<PartCall> ordered = new ArrayList<>();
    for (String name : DependencyOrder.of(needs)) {
      ordered.add(byName.get(name));
    }
    return new AggregatePlan(List.copyOf(ordered), List.copyOf(byName.keySet()), config.timeout().toMillis());
  }

  private static Map<String, Template> parseAll(Map<String, String> templates) {
    Map<String, Template> out = new LinkedHashMap<>();
    templates.forEach((k, v) -> out.put(k, Template.parse(v)));
    return out;
  }
}
