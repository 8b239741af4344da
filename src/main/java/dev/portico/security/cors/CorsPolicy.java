package dev.portico.security.cors;

import dev.portico.config.CorsConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The decisions of one CORS policy, compiled from its config: which origin to allow, and whether
 * a preflight's method and headers are allowed. Pure logic; {@link CorsFilter} applies it.
 */
final class CorsPolicy {
  private final boolean anyOrigin;
  private final Set<String> exactOrigins;
  private final List<OriginPattern> patterns;
  private final boolean anyMethod;
  private final Set<String> methods;
  private final String allowMethods;
  private final boolean anyHeader;
  private final Set<String> headers;
  private final String allowHeaders; // null = none
  private final boolean credentials;
  private final String exposeHeaders; // null = none
  private final String maxAge; // null = browser default

  private CorsPolicy(CorsConfig config) {
    boolean any = false;
    Set<String> exact = new HashSet<>();
    List<OriginPattern> wildcards = new ArrayList<>();
    for (String origin : config.allowedOrigins()) {
      OriginPattern p = OriginPattern.parse(origin);
      if (p.isAny()) {
        any = true;
      } else if (p.isExact()) {
        exact.add(p.normalized());
      } else {
        wildcards.add(p);
      }
    }
    this.anyOrigin = any;
    this.exactOrigins = Set.copyOf(exact);
    this.patterns = List.copyOf(wildcards);
    this.anyMethod = config.allowedMethods().contains(CorsConfig.ANY);
    this.methods = Set.copyOf(config.allowedMethods());
    this.allowMethods = anyMethod ? null : String.join(", ", config.allowedMethods());
    this.anyHeader = config.allowedHeaders().contains(CorsConfig.ANY);
    this.headers = Set.copyOf(config.allowedHeaders());
    this.allowHeaders = anyHeader || headers.isEmpty() ? null : String.join(", ", config.allowedHeaders());
    this.credentials = config.allowCredentials();
    this.exposeHeaders = config.exposedHeaders().isEmpty() ? null : String.join(", ", config.exposedHeaders());
    this.maxAge = config.maxAge() == null ? null : Long.toString(config.maxAge().toSeconds());
    if (credentials && anyOrigin) {
      throw new IllegalArgumentException("\"*\" origins with credentials");
    }
  }

  static CorsPolicy of(CorsConfig config) {
    return new CorsPolicy(config);
  }

  /**
   * The {@code Access-Control-Allow-Origin} value for a request from {@code origin}, or null if
   * it is not allowed. Without credentials, "any origin" answers {@code *}; otherwise the answer
   * is the request's own origin, and only when it parsed as a plain origin that the policy lists:
   * an arbitrary origin is never reflected.
   */
  String allowOrigin(String origin) {
    if (origin == null) {
      return null;
    }
    if (anyOrigin) {
      return "*"; // the config refuses "*" with credentials
    }
    OriginPattern parsed = OriginPattern.ofRequest(origin);
    if (parsed == null) {
      return null;
    }
    if (exactOrigins.contains(parsed.normalized())) {
      return origin;
    }
    for (OriginPattern p : patterns) {
      if (p.matches(parsed)) {
        return origin;
      }
    }
    return null;
  }

  /** Whether answers depend on the Origin, so shared caches must key on it. */
  boolean variesByOrigin() {
    return !anyOrigin;
  }

  boolean allowsMethod(String method) {
    return anyMethod ? isToken(method) : methods.contains(method);
  }

  /**
   * Whether every header a preflight names in {@code Access-Control-Request-Headers} is allowed.
   * Names are compared ignoring case; an empty list asks for nothing.
   */
  boolean allowsHeaders(String requested) {
    if (requested == null || requested.isBlank()) {
      return true;
    }
    for (String name : requested.split(",")) {
      String n = name.strip().toLowerCase(Locale.ROOT);
      if (n.isEmpty()) {
        continue;
      }
      if (!isToken(n) || (!anyHeader && !headers.contains(n))) {
        return false;
      }
    }
    return true;
  }

  /** The methods to list in a preflight answer: the policy's, or (for "*") the one asked for. */
  String allowMethods(String requested) {
    return anyMethod ? requested : allowMethods;
  }

  /**
   * The headers to list in a preflight answer: the policy's own list, or (for "*") the ones
   * asked for, re-joined from their checked tokens; null when there is nothing to list.
   */
  String allowHeaders(String requested) {
    if (!anyHeader) {
      return allowHeaders;
    }
    if (requested == null || requested.isBlank()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String name : requested.split(",")) {
      String n = name.strip().toLowerCase(Locale.ROOT);
      if (!n.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(n);
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  boolean credentials() {
    return credentials;
  }

  String exposeHeaders() {
    return exposeHeaders;
  }

  String maxAge() {
    return maxAge;
  }

  /** RFC 9110 token: what methods and header names are made of (and all that may be echoed). */
  static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
