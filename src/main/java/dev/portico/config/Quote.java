package dev.portico.config;

/** Renders a config value inside an error message: quoted, escaped, and cut short so a huge value cannot flood a log. */
final class Quote {

  private static final int MAX_CHARS = 80;

  private Quote() {}

  static String of(String value) {
    StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 8).append('"');
    int end = Math.min(value.length(), MAX_CHARS);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    if (value.length() > MAX_CHARS) {
      sb.append('…');
    }
    return sb.append('"').toString();
  }
}
