package dev.portico.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One route: what it matches and where it sends requests.
 *
 * @param priority    higher wins when several routes match
 * @param rewrite     {@code null} when the path is forwarded unchanged
 * @param timeout     {@code null} = the upstream's
 * @param maxBodySize {@code null} = the listener limit
 * @param cors        the route's own CORS policy, {@link CorsConfig#DISABLED}, or {@code null} = the global one
 */
public record RouteConfig(String id, int priority, MatchConfig match, String upstream, RewriteConfig rewrite,
    boolean preserveHost, Duration timeout, Long maxBodySize, CorsConfig cors) {

  public RouteConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(upstream, "upstream");
  }

  /** A route without a CORS policy of its own. */
  public RouteConfig(String id, int priority, MatchConfig match, String upstream, RewriteConfig rewrite,
      boolean preserveHost, Duration timeout, Long maxBodySize) {
    this(id, priority, match, upstream, rewrite, preserveHost, timeout, maxBodySize, null);
  }
}
