package dev.portico.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Collection copies the records share. {@code Map.copyOf} would lose YAML order, which users see in listings. */
final class Immutables {

  private Immutables() {}

  static <K, V> Map<K, V> orderedCopy(Map<K, V> map) {
    Objects.requireNonNull(map, "map");
    if (map.isEmpty()) {
      return Map.of();
    }
    LinkedHashMap<K, V> copy = new LinkedHashMap<>(map);
    copy.forEach((k, v) -> {
      Objects.requireNonNull(k, "key");
      Objects.requireNonNull(v, "value");
    });
    return Collections.unmodifiableMap(copy);
  }
}
