package dev.portico.config;

/**
 * Parses IPv4 and IPv6 address literals into bytes without ever touching DNS. {@code InetAddress.getByName} would
 * resolve anything that is not a literal, which on a per-request path (is this peer a trusted proxy?) means a
 * blocking lookup an attacker can trigger; this parser only accepts literals.
 */
final class IpLiterals {

  private IpLiterals() {}

  /**
   * Returns 4 bytes for IPv4 (including IPv4-mapped IPv6 such as {@code ::ffff:10.0.0.1}, as {@code InetAddress}
   * does), 16 for IPv6, or {@code null} if {@code s} is not a literal. Brackets and a zone ({@code %eth0}) are
   * accepted on IPv6.
   */
  static byte[] parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      return parseV4(s, 0, s.length());
    }
    int start = 0;
    int end = s.length();
    if (s.charAt(0) == '[') {
      if (s.charAt(end - 1) != ']') {
        return null;
      }
      start = 1;
      end--;
    }
    int zone = s.indexOf('%', start);
    if (zone >= 0 && zone < end) {
      end = zone;
    }
    byte[] v6 = parseV6(s.substring(start, end));
    return v6 == null ? null : unmapV4(v6);
  }

  static byte[] parseV4(String s, int from, int to) {
    byte[] out = new byte[4];
    int part = 0;
    int i = from;
    while (part < 4) {
      int digitsStart = i;
      int value = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - digitsStart < 3) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int len = i - digitsStart;
      // Leading zeros are refused: some stacks read "010" as octal 8, so accepting it would be ambiguous.
      if (len == 0 || value > 255 || (len > 1 && s.charAt(digitsStart) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == to ? out : null;
  }

  private static byte[] parseV6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
    int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int count = head.length + tail.length;
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < head.length; i++) {
      out[2 * i] = (byte) (head[i] >> 8);
      out[2 * i + 1] = (byte) head[i];
    }
    int offset = 8 - tail.length;
    for (int i = 0; i < tail.length; i++) {
      out[2 * (offset + i)] = (byte) (tail[i] >> 8);
      out[2 * (offset + i) + 1] = (byte) tail[i];
    }
    return out;
  }

  /** Splits colon-separated hex groups; the last one may be a dotted IPv4 tail when {@code allowV4Tail}. */
  private static int[] groups(String s, boolean allowV4Tail) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int extra = 0;
    String last = parts[parts.length - 1];
    byte[] v4 = null;
    if (last.indexOf('.') >= 0) {
      if (!allowV4Tail || (v4 = parseV4(last, 0, last.length())) == null) {
        return null;
      }
      extra = 1;
    }
    int[] out = new int[parts.length + extra];
    int hexParts = v4 == null ? parts.length : parts.length - 1;
    for (int i = 0; i < hexParts; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < p.length(); j++) {
        int d = Character.digit(p.charAt(j), 16);
        if (d < 0 || p.charAt(j) > 'f') {
          return null;
        }
        value = value * 16 + d;
      }
      out[i] = value;
    }
    if (v4 != null) {
      out[hexParts] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
      out[hexParts + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
    }
    return out;
  }

  private static byte[] unmapV4(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return v6;
      }
    }
    if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) {
      return v6;
    }
    return new byte[] {v6[12], v6[13], v6[14], v6[15]};
  }
}
