package dev.portico.aggregate;

import java.nio.charset.StandardCharsets;

/** Percent-encodes everything but RFC 3986 unreserved characters, so a value can't change the URI's shape. */
final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  static String encode(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      plain = unreserved(s.charAt(i));
    }
    if (plain) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() * 3);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (unreserved(c)) {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }

  private static boolean unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
