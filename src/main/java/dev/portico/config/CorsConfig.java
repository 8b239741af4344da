package dev.portico.config;

import java.time.Duration;
import java.util.List;

/**
 * A CORS policy: global ({@code cors}) or a route's own ({@code routes[i].cors}), which replaces
 * the global one; a route's {@code cors: false} is {@link #DISABLED}.
 *
 * @param allowedOrigins {@code "*"}, exact origins ({@code https://app.example.com}) or
 *                       subdomain patterns ({@code https://*.example.com}), normalised to lower
 *                       case without a default port
 * @param allowedMethods upper-case methods, or {@code "*"}
 * @param allowedHeaders lower-case header names a preflight may ask for, or {@code "*"}
 * @param exposedHeaders header names the browser may show to scripts, or {@code "*"}
 * @param maxAge         how long browsers may cache a preflight answer, or {@code null} for
 *                       their default
 */
public record CorsConfig(boolean enabled, List<String> allowedOrigins, List<String> allowedMethods,
    List<String> allowedHeaders, List<String> exposedHeaders, boolean allowCredentials, Duration maxAge) {

  public static final String ANY = "*";
  public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST");
  public static final CorsConfig DISABLED =
      new CorsConfig(false, List.of(), List.of(), List.of(), List.of(), false, null);

  public CorsConfig {
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedMethods = List.copyOf(allowedMethods);
    allowedHeaders = List.copyOf(allowedHeaders);
    exposedHeaders = List.copyOf(exposedHeaders);
    if (enabled && allowedOrigins.isEmpty()) {
      throw new IllegalArgumentException("allowedOrigins: empty (expected: at least one origin)");
    }
    // A credentialed response may never be readable by any site at all.
    if (allowCredentials && (allowedOrigins.contains(ANY) || exposedHeaders.contains(ANY))) {
      throw new IllegalArgumentException("allowCredentials: true with \"*\" (expected: explicit origins)");
    }
    if (maxAge != null && maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: >= 0)");
    }
  }

  /** The policy in force on a route: its own if it has one, else the global one; null if none. */
  public static CorsConfig effective(CorsConfig global, CorsConfig route) {
    CorsConfig policy = route != null ? route : global;
    return policy == null || !policy.enabled() ? null : policy;
  }
}
