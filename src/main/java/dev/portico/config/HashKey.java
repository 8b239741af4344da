package dev.portico.config;

import java.util.Objects;

/**
 * What a consistent-hash upstream hashes on. YAML: {@code client-ip} or {@code header:X-User-Id}.
 *
 * @param headerName set only for {@link Kind#HEADER}
 */
public record HashKey(Kind kind, String headerName) {

  static final String EXPECTED = "client-ip or header:<name>";

  public enum Kind { CLIENT_IP, HEADER }

  public HashKey {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.HEADER) != (headerName != null)) {
      throw new IllegalArgumentException("headerName: " + headerName + " (expected: a name for HEADER only)");
    }
    if (headerName != null && !HttpTokens.isToken(headerName)) {
      throw new IllegalArgumentException("headerName: " + Quote.of(headerName) + " (expected: a header name)");
    }
  }

  public static HashKey clientIp() {
    return new HashKey(Kind.CLIENT_IP, null);
  }

  public static HashKey header(String name) {
    return new HashKey(Kind.HEADER, name);
  }

  /** @throws IllegalArgumentException {@code "cookie" (expected: client-ip or header:<name>)} */
  public static HashKey parse(String s) {
    if (s.equals("client-ip")) {
      return clientIp();
    }
    if (s.startsWith("header:") && HttpTokens.isToken(s.substring("header:".length()))) {
      return header(s.substring("header:".length()));
    }
    throw new IllegalArgumentException(Quote.of(s) + " (expected: " + EXPECTED + ")");
  }

  @Override
  public String toString() {
    return kind == Kind.CLIENT_IP ? "client-ip" : "header:" + headerName;
  }
}
