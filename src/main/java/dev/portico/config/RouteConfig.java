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
 * @param auth        {@code null} = a public route
 */
public record RouteConfig(String id, int priority, MatchConfig match, String upstream, RewriteConfig rewrite,
    boolean preserveHost, Duration timeout, Long maxBodySize, RouteAuthConfig auth) {

  /** A public route. */
  public RouteConfig(String id, int priority, MatchConfig match, String upstream, RewriteConfig rewrite,
      boolean preserveHost, Duration timeout, Long maxBodySize) {
    this(id, priority, match, upstream, rewrite, preserveHost, timeout, maxBodySize, null);
  }

  public RouteConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(upstream, "upstream");
  }
}
