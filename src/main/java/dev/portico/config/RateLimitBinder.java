package dev.portico.config;

import dev.portico.ratelimit.KeySource;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Binds {@code rateLimits} (top level) and {@code routes[].rateLimit}. */
final class RateLimitBinder {
  static final List<String> TOP_KEYS = List.of("store", "failMode", "timeout", "maxLocalBuckets", "lease", "leaseTtl");
  static final List<String> LIMIT_KEYS = List.of("per", "limit", "name", "shared");
  private static final String STORE_EXPECTED = "local or redis";
  private static final String FAIL_MODE_EXPECTED = "open or closed";
  private static final String LEASE_EXPECTED = "0 (off) or a number of tokens 2-10000";
  private static final String LIMIT_EXPECTED = Rate.EXPECTED + ", or plan for the consumer's plan";

  private final ValueReader reader;

  RateLimitBinder(ValueReader reader) {
    this.reader = reader;
  }

  RateLimitsConfig top(Fields f) {
    if (f.node() == null) {
      return RateLimitsConfig.ofDefault();
    }
    String store = f.get("store", null, STORE_EXPECTED, s -> switch (s) {
      case "local", "redis" -> s;
      default -> throw ValueReader.invalid(s, STORE_EXPECTED);
    });
    boolean failOpen = f.get("failMode", true, FAIL_MODE_EXPECTED, s -> switch (s) {
      case "open" -> true;
      case "closed" -> false;
      default -> throw ValueReader.invalid(s, FAIL_MODE_EXPECTED);
    });
    return new RateLimitsConfig(store, failOpen, f.duration("timeout", RateLimitsConfig.DEFAULT_TIMEOUT, true),
        f.integer("maxLocalBuckets", (int) RateLimitsConfig.DEFAULT_MAX_LOCAL_BUCKETS, 1, Integer.MAX_VALUE,
            "a number of buckets >= 1"),
        f.get("lease", 0, LEASE_EXPECTED, RateLimitBinder::lease),
        f.duration("leaseTtl", RateLimitsConfig.DEFAULT_LEASE_TTL, true));
  }

  /** A single limit mapping, or a list of them. */
  RateLimitConfig route(Node node, String path) {
    List<RateLimitConfig.Limit> limits = new ArrayList<>();
    if (node instanceof MappingNode) {
      addLimit(reader.fields(node, path, LIMIT_KEYS), limits);
    } else {
      List<Node> items = reader.items(node, path, "a limit {per, limit} or a list of them");
      for (int i = 0; i < items.size(); i++) {
        addLimit(reader.fields(items.get(i), path + "[" + i + "]", LIMIT_KEYS), limits);
      }
    }
    return limits.isEmpty() ? null : new RateLimitConfig(limits);
  }

  private void addLimit(Fields f, List<RateLimitConfig.Limit> out) {
    if (!f.isMapping() || f.node() == null) {
      return;
    }
    int errorsBefore = reader.errorCount();
    f.require("per", "limit");
    String per = f.get("per", null, KeySource.EXPECTED, s -> {
      try {
        return KeySource.parse(s).yamlName();
      } catch (IllegalArgumentException e) {
        throw ValueReader.invalid(s, KeySource.EXPECTED);
      }
    });
    boolean fromPlan = f.value("limit") instanceof ScalarNode s && s.getValue().strip().equals("plan");
    Rate rate = fromPlan ? null : f.get("limit", null, LIMIT_EXPECTED, s -> {
      try {
        return Rate.parse(s);
      } catch (IllegalArgumentException e) {
        throw ValueReader.invalid(s, LIMIT_EXPECTED);
      }
    });
    String name = f.get("name", null, Binder.NAME_EXPECTED, Binder::name);
    String shared = f.get("shared", null, Binder.NAME_EXPECTED, Binder::name);
    if (reader.errorCount() == errorsBefore && per != null && (rate != null || fromPlan)) {
      out.add(new RateLimitConfig.Limit(per, rate, fromPlan, name, shared));
    }
  }

  private static int lease(String s) {
    try {
      int v = Integer.parseInt(s.strip());
      if (v == 0 || (v >= 2 && v <= 10_000)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ValueReader.invalid(s, LEASE_EXPECTED);
  }
}
