package dev.portico.security;

import dev.portico.config.TenantConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the tenant of an authenticated request ({@code auth.tenant}): from a verified token claim, or from the
 * request's host as a first-level subdomain of a configured domain ({@code acme.example.com} = {@code acme}).
 */
final class TenantResolver {
  private final String claim;
  private final String suffix;

  /** @param config {@code null} when tenants are not configured: every tenant is then {@code null} */
  TenantResolver(TenantConfig config) {
    this.claim = config == null ? null : config.claim();
    this.suffix = config == null || config.subdomainOf() == null ? null : "." + config.subdomainOf();
  }

  /** The tenant for a verified token's claims, or {@code null}. */
  String forClaims(Map<String, Object> claims, HttpServerRequest request) {
    if (claim != null) {
      Object value = ScopeClaims.claim(claims, claim);
      return value instanceof String || value instanceof Number ? value.toString() : null;
    }
    return fromHost(request);
  }

  /** The tenant given by the host, or {@code null} when tenants come from claims or the host is not a tenant's. */
  String fromHost(HttpServerRequest request) {
    if (suffix == null) {
      return null;
    }
    HostAndPort authority = request.authority();
    if (authority == null) {
      return null;
    }
    String host = authority.host().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (!host.endsWith(suffix)) {
      return null;
    }
    String label = host.substring(0, host.length() - suffix.length());
    return label.isEmpty() || label.indexOf('.') >= 0 ? null : label;
  }
}
