package dev.portico.admin;

import dev.portico.admin.dashboard.DashboardEndpoints;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin API's bearer token check. Only liveness, readiness, the Prometheus scrape and the dashboard's page and
 * static assets are open (probes and scrapers carry no token; the page reads its token from the URL fragment, which
 * never reaches the server). Everything else needs {@code Authorization: Bearer <token>}, compared in constant time.
 */
final class AdminAuth {
  private static final String SCHEME = "bearer ";

  private final byte[] token;

  AdminAuth(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  static boolean isOpen(String path) {
    return switch (path) {
      case "/health", "/ready", "/metrics" -> true;
      default -> DashboardEndpoints.isStaticAsset(path);
    };
  }

  /** Whether the request may go on; if not, a 401 problem body has been sent. */
  boolean admit(HttpServerRequest request) {
    if (isOpen(request.path()) || matches(request.getHeader("Authorization"))) {
      return true;
    }
    request.response().putHeader("WWW-Authenticate", "Bearer realm=\"portico-admin\"");
    AdminHttp.problem(request, 401, "unauthenticated", "Unauthorized",
        request.getHeader("Authorization") == null
            ? "missing admin token (expected: Authorization: Bearer <admin.token>)"
            : "wrong admin token (expected: Authorization: Bearer <admin.token>)");
    return false;
  }

  private boolean matches(String header) {
    if (header == null || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] given = header.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
    // isEqual does not stop at the first differing byte; only the length can show through timing.
    return MessageDigest.isEqual(given, token);
  }
}
