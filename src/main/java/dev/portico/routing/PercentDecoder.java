package dev.portico.routing;

import java.nio.charset.StandardCharsets;

/** Decodes the escapes left in a canonical path segment, as UTF-8 (malformed bytes become U+FFFD). */
final class PercentDecoder {
  private PercentDecoder() {}

  static String decode(String s, int from, int to) {
    int pct = s.indexOf('%', from);
    if (pct < 0 || pct >= to) {
      return s.substring(from, to);
    }
    byte[] bytes = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < to) {
        int hi = PathNormalizer.hexValue(s.charAt(i + 1));
        int lo = PathNormalizer.hexValue(s.charAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          bytes[n++] = (byte) (hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      bytes[n++] = (byte) c; // canonical paths are ASCII
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }
}
