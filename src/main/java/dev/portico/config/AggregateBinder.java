package dev.portico.config;

import dev.portico.aggregate.DependencyOrder;
import dev.portico.aggregate.Reference;
import dev.portico.aggregate.Template;
import dev.portico.routing.InvalidPatternException;
import dev.portico.routing.RouteTable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds a route's {@code aggregate} calls and its {@code shape} views. Template references are checked
 * here, where positions are known: route parameters the path captures, calls that exist, no cycles.
 */
final class AggregateBinder {
  static final List<String> CALL_KEYS = List.of("upstream", "path", "method", "query", "headers", "timeout",
      "required", "maxBodySize", "forEach", "concurrency");
  static final List<String> VIEW_KEYS = List.of("fields", "rename");
  static final List<String> VIEWS_KEYS = List.of("header", "pathPrefix", "consumer", "maxBodySize");
  static final String FOR_EACH_EXPECTED = "one reference to a list, like \"{order.productIds}\"";
  static final String FIELD_PATH_EXPECTED = "a dotted path like order.id or a JSON Pointer like /order/id";

  private final ValueReader reader;

  AggregateBinder(ValueReader reader) {
    this.reader = reader;
  }

  /** The route's aggregate, or null if absent or invalid. */
  AggregateConfig aggregate(Fields route, String matchPath, Duration routeTimeout, Set<String> upstreamNames) {
    int errorsBefore = reader.errorCount();
    String at = route.path("aggregate");
    Map<String, AggregateCallConfig> calls = new LinkedHashMap<>();
    Map<String, Map<String, Template>> templates = new LinkedHashMap<>();
    List<ValueReader.Entry> entries = route.entries("aggregate", "a mapping of call names to calls");
    if (entries.isEmpty() && reader.errorCount() == errorsBefore) {
      reader.error(route.value("aggregate"), at, "no calls (expected: a mapping of call names to calls)");
    }
    for (ValueReader.Entry e : entries) {
      String path = at + "." + e.key();
      if (!Binder.isName(e.key()) || e.key().equals("query") || e.key().equals("identity")
          || e.key().equals("item") || e.key().startsWith("_")) {
        reader.error(e.keyNode(), path, Quote.of(e.key()) + " (expected: " + Binder.NAME_EXPECTED
            + ", not query, identity, item or starting with _)");
        continue;
      }
      Map<String, Template> parsed = new LinkedHashMap<>();
      AggregateCallConfig call = call(e.key(), reader.fields(e.value(), path, CALL_KEYS), upstreamNames, parsed);
      if (call != null) {
        calls.put(e.key(), call);
        templates.put(e.key(), parsed);
      }
    }
    Duration timeout = route.duration("aggregateTimeout", null, true);
    if (timeout == null) {
      timeout = routeTimeout != null ? routeTimeout : AggregateConfig.DEFAULT_TIMEOUT;
    }
    if (reader.errorCount() != errorsBefore) {
      return null;
    }
    checkReferences(at, matchPath, calls.keySet(), templates);
    return reader.errorCount() != errorsBefore ? null : new AggregateConfig(calls, timeout);
  }

  private AggregateCallConfig call(String name, Fields f, Set<String> upstreamNames, Map<String, Template> parsed) {
    if (!f.isMapping()) {
      return null;
    }
    int errorsBefore = reader.errorCount();
    if (f.node() == null || YamlNodes.isNull(f.node())) {
      reader.error(reader.sourceMap().errorAt(f.path(), "missing required key \"upstream\""));
      return null;
    }
    f.require("upstream", "path");
    String upstream = f.string("upstream", "", "an upstream name");
    if (!upstream.isEmpty() && !upstreamNames.contains(upstream)) {
      reader.error(f.value("upstream"), f.path("upstream"), Quote.of(upstream) + " is not a defined upstream "
          + (upstreamNames.isEmpty() ? "(no upstreams are defined)" : EditDistance.suggestion(upstream, upstreamNames)));
    }
    String method = f.get("method", "GET", Binder.METHOD_EXPECTED, Binder::method);
    String path = f.get("path", "/", Binder.PATH_EXPECTED, Binder::path);
    template(f.path("path"), path, parsed);
    Map<String, String> query = templates(f, "query", "a query parameter name", parsed);
    Map<String, String> headers = templates(f, "headers", "a header name", parsed);
    for (String header : headers.keySet()) {
      if (!HttpTokens.isToken(header)) {
        reader.error(reader.sourceMap().errorAt(f.path("headers") + "." + header,
            Quote.of(header) + " (expected: a header name)"));
      }
    }
    Duration timeout = f.duration("timeout", null, true);
    boolean required = f.bool("required", false);
    long maxBodySize = f.size("maxBodySize", AggregateCallConfig.DEFAULT_MAX_BODY_SIZE, Integer.MAX_VALUE);
    String forEach = f.string("forEach", null, FOR_EACH_EXPECTED);
    if (forEach != null) {
      forEach(f, forEach, parsed);
    } else if (f.has("concurrency")) {
      reader.error(f.value("concurrency"), f.path("concurrency"), "without forEach (expected: forEach with it)");
    }
    int concurrency = f.integer("concurrency", AggregateCallConfig.DEFAULT_CONCURRENCY, 1, 1000,
        "a number of calls in flight 1-1000");
    if (forEach == null) {
      parsed.forEach((at, template) -> template.references().stream()
          .filter(r -> r.kind() == Reference.Kind.ITEM).findFirst()
          .ifPresent(r -> reader.error(reader.sourceMap().errorAt(at, "\"{" + r.text() + "}\" outside forEach"
              + " (expected: forEach: \"{call.list}\" on this call, or another reference)"))));
    }
    if (reader.errorCount() != errorsBefore) {
      return null;
    }
    return new AggregateCallConfig(name, upstream, method.toUpperCase(Locale.ROOT), path, query, headers, timeout,
        required, maxBodySize, forEach, concurrency);
  }

  /** forEach is one reference to a list, without literal text; {item} inside it would mean nothing. */
  private void forEach(Fields f, String text, Map<String, Template> parsed) {
    String path = f.path("forEach");
    Template template;
    try {
      template = Template.parse(text);
    } catch (IllegalArgumentException e) {
      reader.error(f.value("forEach"), path, Quote.of(text) + ": " + e.getMessage() + " (expected: "
          + FOR_EACH_EXPECTED + ")");
      return;
    }
    List<Reference> refs = template.references();
    if (refs.size() != 1 || !text.equals("{" + refs.get(0).text() + "}")
        || refs.get(0).kind() == Reference.Kind.ITEM) {
      reader.error(f.value("forEach"), path, Quote.of(text) + " (expected: " + FOR_EACH_EXPECTED + ")");
      return;
    }
    parsed.put(path, template);
  }

  private Map<String, String> templates(Fields f, String key, String nameExpected, Map<String, Template> parsed) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries(key, "a mapping of " + nameExpected + "s to templates")) {
      String path = f.path(key) + "." + e.key();
      ValueReader.Scalar value = reader.scalar(e.value(), path, "a template like {orderId} or {order.customerId}");
      if (value != null) {
        out.put(e.key(), value.value());
        template(path, value.value(), parsed);
      }
    }
    return out;
  }

  private void template(String path, String text, Map<String, Template> parsed) {
    try {
      parsed.put(path, Template.parse(text));
    } catch (IllegalArgumentException e) {
      reader.error(reader.sourceMap().errorAt(path, Quote.of(text) + ": " + e.getMessage()
          + " (expected: {param}, {query.name}, {identity.subject} or {call.field})"));
    }
  }

  /** Every reference names a captured parameter or a declared call, and calls do not need each other in a cycle. */
  private void checkReferences(String at, String matchPath, Set<String> callNames,
      Map<String, Map<String, Template>> templates) {
    List<String> captured;
    try {
      captured = RouteTable.checkPattern(matchPath);
    } catch (InvalidPatternException e) {
      return; // reported with the match
    }
    Map<String, Set<String>> needs = new LinkedHashMap<>();
    templates.forEach((call, byPath) -> {
      Set<String> deps = new LinkedHashSet<>();
      byPath.forEach((path, template) -> {
        for (Reference r : template.references()) {
          if (r.kind() == Reference.Kind.PARAM && !captured.contains(r.name())) {
            reader.error(reader.sourceMap().errorAt(path, "\"{" + r.text() + "}\" is not captured by match.path "
                + Quote.of(matchPath) + " (expected: one of " + captured + ", or {call.field})"));
          } else if (r.kind() == Reference.Kind.PART && !callNames.contains(r.name())) {
            reader.error(reader.sourceMap().errorAt(path, "\"{" + r.text() + "}\" refers to unknown call "
                + Quote.of(r.name()) + " (expected: one of " + callNames + ")"));
          } else if (r.kind() == Reference.Kind.PART && r.name().equals(call)) {
            reader.error(reader.sourceMap().errorAt(path, "\"{" + r.text() + "}\" refers to its own call"
                + " (expected: another call of the aggregate)"));
          } else if (r.kind() == Reference.Kind.PART) {
            deps.add(r.name());
          }
        }
      });
      needs.put(call, deps);
    });
    try {
      DependencyOrder.of(needs);
    } catch (DependencyOrder.CycleException e) {
      String first = e.cycle().get(0);
      reader.error(reader.sourceMap().errorAt(at + "." + first, "calls depend on each other in a cycle: "
          + e.getMessage() + " (expected: calls that only need calls declared without a cycle)"));
    }
  }

  /** The route's views, or null if it has none (or they are invalid). */
  ShapeConfig shape(Fields route) {
    if (!route.has("shape")) {
      if (route.has("views")) {
        reader.error(route.value("views"), route.path("views"), "without shape (expected: shape with views to choose)");
      }
      return null;
    }
    int errorsBefore = reader.errorCount();
    Map<String, ShapeConfig.View> views = new LinkedHashMap<>();
    for (ValueReader.Entry e : route.entries("shape", "a mapping of view names to views")) {
      String path = route.path("shape") + "." + e.key();
      Fields f = reader.fields(e.value(), path, VIEW_KEYS);
      List<String> fields = f.list("fields", FIELD_PATH_EXPECTED, AggregateBinder::fieldPath);
      Map<String, String> rename = new LinkedHashMap<>();
      for (ValueReader.Entry r : f.entries("rename", "a mapping of field paths to new dotted paths")) {
        String rpath = f.path("rename") + "." + r.key();
        String to = reader.parse(r.value(), rpath, "a dotted path like order.total", AggregateBinder::dottedPath);
        try {
          fieldPath(r.key());
        } catch (IllegalArgumentException ex) {
          reader.error(r.keyNode(), rpath, Quote.of(r.key()) + " (expected: " + FIELD_PATH_EXPECTED + ")");
        }
        if (to != null) {
          rename.put(r.key(), to);
        }
      }
      views.put(e.key(), new ShapeConfig.View(fields, rename));
    }
    Fields sel = route.fields("views", VIEWS_KEYS);
    int sources = (sel.has("header") ? 1 : 0) + (sel.has("pathPrefix") ? 1 : 0) + (sel.has("consumer") ? 1 : 0);
    ShapeConfig.Selector selector = ShapeConfig.Selector.ofDefault();
    if (sources > 1) {
      reader.error(sel.node(), sel.path(), "sets more than one of header, pathPrefix, consumer (expected: one)");
    } else if (sel.has("pathPrefix") || sel.has("consumer")) {
      String key = sel.has("pathPrefix") ? "pathPrefix" : "consumer";
      Map<String, String> mapping = new LinkedHashMap<>();
      for (ValueReader.Entry m : sel.entries(key, "a mapping of " + key + " values to view names")) {
        String mpath = sel.path(key) + "." + m.key();
        ValueReader.Scalar view = reader.scalar(m.value(), mpath, "a view name from shape");
        if (view != null && !views.containsKey(view.value())) {
          reader.error(m.value(), mpath, Quote.of(view.value()) + " is not a view (expected: one of "
              + views.keySet() + ")");
        } else if (view != null) {
          mapping.put(m.key(), view.value());
        }
      }
      selector = new ShapeConfig.Selector(key.equals("pathPrefix") ? ShapeConfig.Source.PATH_PREFIX
          : ShapeConfig.Source.CONSUMER, null, mapping);
    } else if (sel.has("header")) {
      String header = sel.string("header", ShapeConfig.DEFAULT_HEADER, "a header name");
      if (!HttpTokens.isToken(header)) {
        reader.error(sel.value("header"), sel.path("header"), Quote.of(header) + " (expected: a header name)");
      }
      selector = new ShapeConfig.Selector(ShapeConfig.Source.HEADER, header, Map.of());
    }
    long maxBodySize = sel.size("maxBodySize", ShapeConfig.DEFAULT_MAX_BODY_SIZE, Integer.MAX_VALUE);
    return reader.errorCount() != errorsBefore ? null : new ShapeConfig(views, selector, maxBodySize);
  }

  static String fieldPath(String s) {
    String body = s.startsWith("/") ? s.substring(1) : s;
    String separator = s.startsWith("/") ? "/" : "\\.";
    if (body.isEmpty()) {
      throw ValueReader.invalid(s, FIELD_PATH_EXPECTED);
    }
    for (String segment : body.split(separator, -1)) {
      if (segment.isEmpty()) {
        throw ValueReader.invalid(s, FIELD_PATH_EXPECTED);
      }
    }
    return s;
  }

  static String dottedPath(String s) {
    if (s.startsWith("/")) {
      throw ValueReader.invalid(s, "a dotted path like order.total");
    }
    return fieldPath(s);
  }
}
