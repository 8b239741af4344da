package dev.portico.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The checked keys of one YAML mapping, with typed getters that apply defaults only to absent keys. A present but
 * invalid value is recorded as an error and the getter returns the default merely as a placeholder so binding can
 * continue; a config with any error is never returned, so the placeholder never takes effect.
 */
final class Fields {

  static final String NON_NEGATIVE_DURATION = Durations.EXPECTED + " (0 = never)";
  static final String POSITIVE_DURATION = "a positive duration like 250ms, 2s, 1m";

  private final ValueReader reader;
  private final Node node;
  private final String path;
  private final Map<String, ValueReader.Entry> entries;
  private final boolean isMapping;

  Fields(ValueReader reader, Node node, String path, Map<String, ValueReader.Entry> entries, boolean isMapping) {
    this.reader = reader;
    this.node = node;
    this.path = path;
    this.entries = entries;
    this.isMapping = isMapping;
  }

  /** False when the YAML value was not a mapping at all (already reported). */
  boolean isMapping() {
    return isMapping;
  }

  /** The mapping node, or {@code null} when the section is absent. */
  Node node() {
    return node;
  }

  String path() {
    return path;
  }

  String path(String key) {
    return ValueReader.child(path, key);
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Node value(String key) {
    ValueReader.Entry e = entries.get(key);
    return e == null ? null : e.value();
  }

  /** Reports each missing key at the mapping itself; returns false if any is missing. */
  boolean require(String... keys) {
    boolean ok = true;
    for (String key : keys) {
      if (isMapping && node != null && !has(key)) {
        reader.error(node, path, "missing required key \"" + key + "\"");
        ok = false;
      }
    }
    return ok;
  }

  <T> T get(String key, T dflt, String expected, Function<String, T> parser) {
    if (!has(key)) {
      return dflt;
    }
    T value = reader.parse(value(key), path(key), expected, parser);
    return value == null ? dflt : value;
  }

  String string(String key, String dflt, String expected) {
    return get(key, dflt, expected, s -> {
      if (s.isBlank()) {
        throw ValueReader.invalid(s, expected);
      }
      return s;
    });
  }

  boolean bool(String key, boolean dflt) {
    return get(key, dflt, "true or false", s -> switch (s.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw ValueReader.invalid(s, "true or false");
    });
  }

  int integer(String key, int dflt, int min, int max, String expected) {
    return get(key, dflt, expected, s -> {
      long v;
      try {
        v = Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        throw ValueReader.invalid(s, expected);
      }
      if (v < min || v > max) {
        throw ValueReader.invalid(s, expected);
      }
      return (int) v;
    });
  }

  /** @param positive true if zero is refused, e.g. a timeout of 0s would fail every request */
  Duration duration(String key, Duration dflt, boolean positive) {
    String expected = positive ? POSITIVE_DURATION : NON_NEGATIVE_DURATION;
    return get(key, dflt, expected, s -> {
      Duration d = Durations.parse(s);
      if (positive && d.isZero()) {
        throw ValueReader.invalid(s, expected);
      }
      return d;
    });
  }

  Long size(String key, Long dflt, long max) {
    String expected = Sizes.EXPECTED + (max == Integer.MAX_VALUE ? ", below 2GiB" : "");
    return get(key, dflt, expected, s -> {
      long v = Sizes.parse(s);
      if (v <= 0 || v > max) {
        throw ValueReader.invalid(s, "a size above zero" + (max == Integer.MAX_VALUE ? " and below 2GiB" : ""));
      }
      return v;
    });
  }

  /** A list of scalars, each parsed; invalid items are reported at their own position and left out. */
  <T> List<T> list(String key, String expected, Function<String, T> parser) {
    if (!has(key)) {
      return List.of();
    }
    String listPath = path(key);
    List<Node> items = reader.items(value(key), listPath, expected);
    List<T> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      T v = reader.parse(items.get(i), listPath + "[" + i + "]", expected, parser);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  Fields fields(String key, List<String> allowed) {
    return reader.fields(value(key), path(key), allowed);
  }

  List<ValueReader.Entry> entries(String key, String expected) {
    return reader.entries(value(key), path(key), expected);
  }
}
