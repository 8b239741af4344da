package dev.portico.security.cors;

import java.util.Locale;

/**
 * An origin a CORS policy allows: {@code *}, an exact origin ({@code https://app.example.com}) or
 * every subdomain of a domain ({@code https://*.example.com}, which does not include
 * {@code https://example.com} itself). Request {@code Origin} values are parsed by the same strict
 * grammar, so anything that is not a plain {@code scheme://host[:port]} (including {@code null},
 * paths, user info or stray characters) can never match, let alone be echoed back.
 */
public final class OriginPattern {
  public static final String EXPECTED =
      "\"*\", an origin like https://app.example.com, or a pattern like https://*.example.com";

  private final String scheme; // null for "*"
  private final String host; // exact host, or the domain after "*." for a pattern
  private final int port; // -1 = the scheme's default
  private final boolean subdomains;

  private OriginPattern(String scheme, String host, int port, boolean subdomains) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.subdomains = subdomains;
  }

  /**
   * Parses a configured origin.
   *
   * @throws IllegalArgumentException whose message is what was expected instead
   */
  public static OriginPattern parse(String s) {
    if (s.equals("*")) {
      return new OriginPattern(null, null, -1, false);
    }
    OriginPattern p = parse(s, true);
    if (p == null) {
      throw new IllegalArgumentException(s.equals("null")
          ? "a real origin; \"null\" is sent by every sandboxed frame and local file, so it allows anyone"
          : EXPECTED);
    }
    return p;
  }

  /** The request's {@code Origin} value as a concrete origin, or null if it is not a valid one. */
  static OriginPattern ofRequest(String origin) {
    return origin == null || origin.length() > 300 ? null : parse(origin, false);
  }

  private static OriginPattern parse(String s, boolean patternAllowed) {
    int sep = s.indexOf("://");
    if (sep < 0) {
      return null;
    }
    String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    String rest = s.substring(sep + 3).toLowerCase(Locale.ROOT);
    int port = -1;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && rest.indexOf(']', colon) < 0) {
      port = parsePort(rest.substring(colon + 1));
      if (port < 0) {
        return null;
      }
      rest = rest.substring(0, colon);
    }
    if (port == (scheme.equals("https") ? 443 : 80)) {
      port = -1; // browsers never send the default port: compare without it
    }
    boolean subdomains = patternAllowed && rest.startsWith("*.");
    String host = subdomains ? rest.substring(2) : rest;
    boolean valid = host.startsWith("[") ? !subdomains && isIpv6Literal(host) : isHostName(host);
    // "*.com" would allow every site under a top-level domain.
    if (!valid || (subdomains && host.indexOf('.') < 0)) {
      return null;
    }
    return new OriginPattern(scheme, host, port, subdomains);
  }

  /** Whether a concrete request origin is allowed by this pattern. */
  boolean matches(OriginPattern origin) {
    if (scheme == null) {
      return true;
    }
    if (!scheme.equals(origin.scheme) || port != origin.port) {
      return false;
    }
    if (!subdomains) {
      return host.equals(origin.host);
    }
    String h = origin.host;
    return h.length() > host.length() + 1 && h.endsWith(host) && h.charAt(h.length() - host.length() - 1) == '.';
  }

  boolean isAny() {
    return scheme == null;
  }

  boolean isExact() {
    return scheme != null && !subdomains;
  }

  /** The canonical spelling: lower case, no default port. */
  public String normalized() {
    if (scheme == null) {
      return "*";
    }
    return scheme + "://" + (subdomains ? "*." : "") + host + (port < 0 ? "" : ":" + port);
  }

  @Override
  public String toString() {
    return normalized();
  }

  private static int parsePort(String digits) {
    if (digits.isEmpty() || digits.length() > 5 || digits.charAt(0) == '0') {
      return -1;
    }
    int port = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535 ? port : -1;
  }

  /** Dot-separated labels of letters, digits and inner hyphens (IPv4 addresses included). */
  private static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= host.length(); i++) {
      char c = i == host.length() ? '.' : host.charAt(i);
      if (c == '.') {
        int len = i - labelStart;
        if (len == 0 || len > 63 || host.charAt(labelStart) == '-' || host.charAt(i - 1) == '-') {
          return false;
        }
        labelStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6Literal(String host) {
    if (host.length() < 4 || !host.endsWith("]")) {
      return false;
    }
    for (int i = 1; i < host.length() - 1; i++) {
      char c = host.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
        return false;
      }
    }
    return true;
  }
}
