package dev.portico.routing;

/**
 * Reads one parameter out of an {@code Accept} field value (RFC 9110 section 12.5.1) in one pass, with
 * no regex and no copies but the values it reads:
 * <pre>
 *   Accept = #( media-range [ weight ] ), media-range = type "/" subtype *( OWS ";" OWS parameter )
 * </pre>
 * Type, subtype and parameter names are case-insensitive; values are tokens or quoted strings (with
 * {@code \} escapes); whitespace around {@code ;}, {@code =} and {@code ,} is allowed. {@code q} ends the
 * media type's parameters: whatever follows it is an accept extension and is not read. A range with
 * {@code q=0} is "not acceptable" and is skipped, as is a range whose syntax is broken.
 */
final class AcceptHeader {
  private AcceptHeader() {}

  /**
   * The value of {@code param} in the most preferred media range that has it: highest {@code q}, the
   * first among equals; {@code null} when none has it.
   *
   * @param type lower-case {@code type/subtype} the range must be, or {@code null} for any range
   * @param param lower-case parameter name
   */
  static String preferredParameter(String accept, String type, String param) {
    if (accept == null) {
      return null;
    }
    Cursor c = new Cursor(accept);
    String best = null;
    int bestWeight = 0;
    while (!c.atEnd()) {
      Range range = c.range(type, param);
      if (range != null && range.value != null && range.weight > bestWeight) {
        best = range.value;
        bestWeight = range.weight;
      }
      c.skipToNextRange();
    }
    return best;
  }

  /** What one media range says: the parameter's value (or null) and its weight in thousandths. */
  private record Range(String value, int weight) {}

  private static final class Cursor {
    final String s;
    int i;

    Cursor(String s) {
      this.s = s;
    }

    boolean atEnd() {
      skipSpace();
      return i >= s.length();
    }

    /** Parses the range at the cursor; null when it is malformed or of another type. */
    Range range(String type, String param) {
      skipSpace();
      int start = i;
      skipToken();
      if (i == start || i >= s.length() || s.charAt(i) != '/') {
        return null;
      }
      i++;
      int slash = i;
      skipToken();
      if (i == slash) {
        return null;
      }
      boolean typeMatches = type == null
          || (i - start == type.length() && s.regionMatches(true, start, type, 0, type.length()));
      String value = null;
      int weight = 1000;
      while (true) {
        skipSpace();
        if (i >= s.length() || s.charAt(i) == ',') {
          break;
        }
        if (s.charAt(i) != ';') {
          return null;
        }
        i++;
        skipSpace();
        int nameStart = i;
        skipToken();
        int nameEnd = i;
        skipSpace();
        if (nameEnd == nameStart || i >= s.length() || s.charAt(i) != '=') {
          return null;
        }
        i++;
        skipSpace();
        boolean isWeight = nameEnd - nameStart == 1 && (s.charAt(nameStart) | 0x20) == 'q';
        String v = parameterValue();
        if (v == null) {
          return null;
        }
        if (isWeight) {
          weight = weight(v);
          if (weight < 0) {
            return null;
          }
          break; // what follows q are accept extensions, not media type parameters
        }
        if (value == null && nameEnd - nameStart == param.length()
            && s.regionMatches(true, nameStart, param, 0, param.length())) {
          value = v;
        }
      }
      return typeMatches ? new Range(value, weight) : null;
    }

    /** A token or a quoted string, unescaped; null when neither is there. */
    private String parameterValue() {
      if (i < s.length() && s.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        for (i++; i < s.length(); i++) {
          char ch = s.charAt(i);
          if (ch == '"') {
            i++;
            return b.toString();
          }
          if (ch == '\\' && i + 1 < s.length()) {
            ch = s.charAt(++i);
          }
          b.append(ch);
        }
        return null; // unterminated
      }
      int start = i;
      skipToken();
      return i == start ? null : s.substring(start, i);
    }

    /** {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )} in thousandths; -1 if malformed. */
    private static int weight(String v) {
      int n = v.length();
      if (n == 0 || n > 5 || (v.charAt(0) != '0' && v.charAt(0) != '1')) {
        return -1;
      }
      int thousandths = (v.charAt(0) - '0') * 1000;
      if (n == 1) {
        return thousandths;
      }
      if (v.charAt(1) != '.') {
        return -1;
      }
      int scale = 100;
      for (int k = 2; k < n; k++, scale /= 10) {
        char d = v.charAt(k);
        if (d < '0' || d > '9') {
          return -1;
        }
        thousandths += (d - '0') * scale;
      }
      return thousandths > 1000 ? -1 : thousandths;
    }

    /** Moves past the next comma outside a quoted string. */
    void skipToNextRange() {
      boolean quoted = false;
      for (; i < s.length(); i++) {
        char ch = s.charAt(i);
        if (quoted && ch == '\\') {
          i++;
        } else if (ch == '"') {
          quoted = !quoted;
        } else if (ch == ',' && !quoted) {
          i++;
          return;
        }
      }
    }

    private void skipSpace() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    private void skipToken() {
      while (i < s.length() && isTokenChar(s.charAt(i))) {
        i++;
      }
    }

    private static boolean isTokenChar(char ch) {
      return ch > 0x20 && ch < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(ch) < 0;
    }
  }
}
