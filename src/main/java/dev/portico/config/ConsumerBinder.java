package dev.portico.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds {@code plans} and {@code consumers}. API keys are hashed as soon as they are read and never
 * appear in a record or an error message: errors about a key describe it (its length, its
 * position, the consumer it clashes with) without quoting it.
 */
final class ConsumerBinder {
  static final List<String> PLAN_KEYS = List.of("rateLimit");
  static final List<String> CONSUMER_KEYS = List.of("id", "tenant", "plan", "apiKey", "apiKeys", "scopes");

  /** Keys are meant to be random; a short one can be guessed, and a fast hash would not stop that. */
  static final int MIN_KEY_LENGTH = 16;
  static final String KEY_EXPECTED =
      "an API key of at least " + MIN_KEY_LENGTH + " visible ASCII characters, e.g. \"${MOBILE_KEY}\"";
  static final String SCOPE_EXPECTED = "a scope of visible ASCII characters other than \" and \\";

  private final ValueReader reader;
  /** Every plan written, valid or not, so a consumer naming an invalid one is not reported again. */
  private final Set<String> declaredPlans = new HashSet<>();

  ConsumerBinder(ValueReader reader) {
    this.reader = reader;
  }

  Map<String, PlanConfig> plans(Fields top) {
    Map<String, PlanConfig> plans = new LinkedHashMap<>();
    for (ValueReader.Entry e : top.entries("plans", "a mapping of plan names to plans")) {
      String path = top.path("plans") + "." + e.key();
      declaredPlans.add(e.key());
      if (!Binder.isName(e.key())) {
        reader.error(e.keyNode(), path, Quote.of(e.key()) + " (expected: " + Binder.NAME_EXPECTED + ")");
        continue;
      }
      Fields f = reader.fields(e.value(), path, PLAN_KEYS);
      plans.put(e.key(), new PlanConfig(e.key(), f.get("rateLimit", null, Rate.EXPECTED, Rate::parse)));
    }
    return plans;
  }

  /** Consumers with any error are left out (already reported), so the records stay valid. Call after plans. */
  List<ConsumerConfig> consumers(Fields top) {
    List<Node> nodes = top.has("consumers")
        ? reader.items(top.value("consumers"), "consumers", "consumers") : List.of();
    List<ConsumerConfig> consumers = new ArrayList<>(nodes.size());
    Map<String, Integer> ids = new HashMap<>();
    Map<ApiKeyHash, String> keyOwners = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      ConsumerConfig c = consumer(reader.fields(nodes.get(i), "consumers[" + i + "]", CONSUMER_KEYS), keyOwners);
      if (c == null) {
        continue;
      }
      Integer first = ids.putIfAbsent(c.id(), i);
      if (first != null) {
        reader.error(reader.sourceMap().errorAt("consumers[" + i + "].id",
            Quote.of(c.id()) + " is already the id of consumers[" + first + "] (expected: a unique consumer id)"));
        continue;
      }
      consumers.add(c);
    }
    return consumers;
  }

  private ConsumerConfig consumer(Fields f, Map<ApiKeyHash, String> keyOwners) {
    int errorsBefore = reader.errorCount();
    if (!f.isMapping()) {
      return null;
    }
    if (f.node() == null || YamlNodes.isNull(f.node())) {
      reader.error(reader.sourceMap().errorAt(f.path(), "missing required keys \"id\" and \"apiKey\""));
      return null;
    }
    f.require("id");
    String id = f.get("id", null, Binder.NAME_EXPECTED, Binder::name);
    String tenant = f.get("tenant", null, Binder.NAME_EXPECTED, Binder::name);
    String plan = f.get("plan", null, "a plan name", s -> s);
    if (plan != null && !declaredPlans.contains(plan)) {
      String hint = declaredPlans.isEmpty() ? "(no plans are defined)" : EditDistance.suggestion(plan, declaredPlans);
      reader.error(f.value("plan"), f.path("plan"), Quote.of(plan) + " is not a defined plan " + hint);
    }
    List<ApiKeyHash> keys = keys(f, keyOwners);
    List<String> scopes = f.list("scopes", SCOPE_EXPECTED, ConsumerBinder::scope);
    if (reader.errorCount() != errorsBefore || id == null || keys.isEmpty()) {
      return null;
    }
    return new ConsumerConfig(id, tenant, plan, keys, scopes);
  }

  private List<ApiKeyHash> keys(Fields f, Map<ApiKeyHash, String> keyOwners) {
    if (f.has("apiKey") && f.has("apiKeys")) {
      reader.error(reader.sourceMap().errorAt(f.path(), "sets both apiKey and apiKeys (expected: one of them)"));
      return List.of();
    }
    if (!f.has("apiKey") && !f.has("apiKeys")) {
      reader.error(f.node(), f.path(), "missing required key \"apiKey\" (expected: apiKey or apiKeys)");
      return List.of();
    }
    List<ApiKeyHash> keys = new ArrayList<>();
    if (f.has("apiKey")) {
      addKey(f.value("apiKey"), f.path("apiKey"), keys, keyOwners);
    } else {
      int errorsBefore = reader.errorCount();
      List<Node> items = reader.items(f.value("apiKeys"), f.path("apiKeys"), "API keys");
      if (items.isEmpty() && reader.errorCount() == errorsBefore) {
        reader.error(f.value("apiKeys"), f.path("apiKeys"), "empty list (expected: at least one key)");
      }
      for (int i = 0; i < items.size(); i++) {
        addKey(items.get(i), f.path("apiKeys") + "[" + i + "]", keys, keyOwners);
      }
    }
    return keys;
  }

  /** Reads one key, reporting problems without ever quoting it, and keeps only its hash. */
  private void addKey(Node node, String path, List<ApiKeyHash> keys, Map<ApiKeyHash, String> keyOwners) {
    ValueReader.Scalar scalar = reader.scalar(node, path, KEY_EXPECTED);
    if (scalar == null) {
      return;
    }
    String key = scalar.value();
    if (key.length() < MIN_KEY_LENGTH) {
      reader.error(node, path, "a key of " + key.length() + " characters (expected: " + KEY_EXPECTED + ")");
      return;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        reader.error(node, path, "a key with a space, control or non-ASCII character at position " + (i + 1)
            + " (expected: " + KEY_EXPECTED + ")");
        return;
      }
    }
    ApiKeyHash hash = ApiKeyHash.of(key);
    String owner = keyOwners.putIfAbsent(hash, path);
    if (owner != null) {
      reader.error(node, path, "the same key as " + owner + " (expected: each key given to one consumer, once)");
      return;
    }
    keys.add(hash);
  }

  /** RFC 6749 scope-token: visible ASCII but {@code "} and {@code \}, so a space can separate them. */
  static String scope(String s) {
    if (s.isEmpty()) {
      throw ValueReader.invalid(s, SCOPE_EXPECTED);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        throw ValueReader.invalid(s, SCOPE_EXPECTED);
      }
    }
    return s;
  }
}
