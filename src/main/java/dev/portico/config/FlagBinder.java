package dev.portico.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Binds a route's {@code flags}: per-tenant feature flags that send listed tenants to another upstream. */
final class FlagBinder {
  static final List<String> FLAG_KEYS = List.of("name", "tenants", "upstream");
  static final String TENANT_EXPECTED = "a tenant name";

  private final ValueReader reader;

  FlagBinder(ValueReader reader) {
    this.reader = reader;
  }

  /** The route's flags in YAML order; empty when absent. Invalid flags are reported and left out. */
  List<FlagConfig> flags(Fields route, Set<String> upstreamNames) {
    if (!route.has("flags")) {
      return List.of();
    }
    if (route.has("aggregate")) {
      reader.error(route.value("flags"), route.path("flags"),
          "on an aggregate route (expected: flags on a route with upstream or upstreams)");
      return List.of();
    }
    List<FlagConfig> flags = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Map<String, String> flagOfTenant = new HashMap<>();
    String listPath = route.path("flags");
    List<Node> items = reader.items(route.value("flags"), listPath, "{ name, tenants, upstream }");
    for (int i = 0; i < items.size(); i++) {
      int errorsBefore = reader.errorCount();
      Fields f = reader.fields(items.get(i), listPath + "[" + i + "]", FLAG_KEYS);
      if (!f.isMapping()) {
        continue;
      }
      f.require("name", "tenants", "upstream");
      String name = f.get("name", "", Binder.NAME_EXPECTED, Binder::name);
      if (!name.isEmpty() && !names.add(name)) {
        reader.error(f.value("name"), f.path("name"), Quote.of(name) + " is listed twice (expected: distinct flag names)");
      }
      String upstream = f.string("upstream", "", "an upstream name");
      if (!upstream.isEmpty() && !upstreamNames.contains(upstream)) {
        reader.error(f.value("upstream"), f.path("upstream"), Quote.of(upstream) + " is not a defined upstream "
            + (upstreamNames.isEmpty() ? "(no upstreams are defined)" : EditDistance.suggestion(upstream, upstreamNames)));
      }
      int tenantErrors = reader.errorCount();
      List<String> tenants = f.list("tenants", TENANT_EXPECTED, FlagBinder::tenant);
      if (f.has("tenants") && tenants.isEmpty() && reader.errorCount() == tenantErrors) {
        reader.error(f.value("tenants"), f.path("tenants"), "empty list (expected: at least one tenant name)");
      }
      for (int t = 0; t < tenants.size(); t++) {
        String earlier = flagOfTenant.putIfAbsent(tenants.get(t), name);
        if (earlier != null) {
          // One tenant, one answer: which flag wins must not depend on the order of the list.
          reader.error(reader.sourceMap().errorAt(f.path("tenants") + "[" + t + "]", Quote.of(tenants.get(t))
              + " is already in flag " + Quote.of(earlier) + " (expected: each tenant in one flag of the route)"));
        }
      }
      if (reader.errorCount() == errorsBefore) {
        flags.add(new FlagConfig(name, new LinkedHashSet<>(tenants), upstream));
      }
    }
    return flags;
  }

  static String tenant(String s) {
    if (s.isBlank() || !s.strip().equals(s)) {
      throw ValueReader.invalid(s, TENANT_EXPECTED);
    }
    return s;
  }
}
