package dev.portico.routing;

import java.util.Map;

/**
 * Immutable open-addressing map from String keys, looked up by a region of a larger string, so that a
 * path segment or host suffix can be found without allocating a substring.
 */
final class SegmentMap<V> {
  private final String[] keys;
  private final Object[] values;
  private final int mask;

  SegmentMap(Map<String, V> source) {
    int cap = 4;
    while (cap < source.size() * 2) {
      cap <<= 1;
    }
    keys = new String[cap];
    values = new Object[cap];
    mask = cap - 1;
    for (Map.Entry<String, V> e : source.entrySet()) {
      String k = e.getKey();
      int i = spread(k.hashCode()) & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      values[i] = e.getValue();
    }
  }

  /** The value for key {@code s[from, to)}, or null. */
  @SuppressWarnings("unchecked")
  V get(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i); // same as String.hashCode
    }
    int len = to - from;
    int i = spread(h) & mask;
    String k;
    while ((k = keys[i]) != null) {
      if (k.length() == len && k.regionMatches(0, s, from, len)) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
