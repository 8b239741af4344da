package dev.portico.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One route: what it matches and where it sends requests.
 *
 * @param priority    higher wins when several routes match
 * @param rewrite     {@code null} when the path is forwarded unchanged
 * @param timeout     {@code null} = the upstream's
 * @param maxBodySize {@code null} = the listener limit
 * @param maxInFlight requests in flight beyond which the route answers 503 at once; {@code null} = no cap
 * @param rateLimit   {@code null} = not limited
 * @param cors        the route's own CORS policy, {@link CorsConfig#DISABLED}, or {@code null} = the global one
 * @param auth        {@code null} = a public route
 * @param upstream    empty when the route has an {@code aggregate} instead
 * @param aggregate   {@code null} = the route proxies to {@code upstream}
 * @param shape       {@code null} = results pass unshaped
 * @param transform   {@code null} = requests and responses pass unedited
 * @param validate    {@code null} = requests are not checked against schemas
 * @param deprecated  {@code null} = the route is not deprecated
 * @param split       {@code null} = all requests go to {@code upstream}; otherwise {@code upstream} is the first
 *                    of the split's, which gives the route its defaults (timeout)
 * @param flags       per-tenant feature flags, checked before the split; empty = none
 */
public record RouteConfig(String id, int priority, MatchConfig match, String upstream, RewriteConfig rewrite,
    boolean preserveHost, Duration timeout, Long maxBodySize, Integer maxInFlight,
    RateLimitConfig rateLimit, CorsConfig cors, RouteAuthConfig auth, AggregateConfig aggregate, ShapeConfig shape,
    TransformConfig transform, ValidateConfig validate, DeprecationConfig deprecated, SplitConfig split,
    List<FlagConfig> flags) {

  public RouteConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(upstream, "upstream");
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  /** A route without feature flags. */
  public RouteConfig(String id, int priority, MatchConfig match, String upstream, RewriteConfig rewrite,
      boolean preserveHost, Duration timeout, Long maxBodySize, Integer maxInFlight,
      RateLimitConfig rateLimit, CorsConfig cors, RouteAuthConfig auth, AggregateConfig aggregate, ShapeConfig shape,
      TransformConfig transform, ValidateConfig validate, DeprecationConfig deprecated, SplitConfig split) {
    this(id, priority, match, upstream, rewrite, preserveHost, timeout, maxBodySize, maxInFlight, rateLimit, cors,
        auth, aggregate, shape, transform, validate, deprecated, split, List.of());
  }

  /** A route without transformation or validation. */
  public RouteConfig(String id, int priority, MatchConfig match, String upstream, RewriteConfig rewrite,
      boolean preserveHost, Duration timeout, Long maxBodySize, Integer maxInFlight, RateLimitConfig rateLimit,
      CorsConfig cors, RouteAuthConfig auth, AggregateConfig aggregate, ShapeConfig shape) {
    this(id, priority, match, upstream, rewrite, preserveHost, timeout, maxBodySize, maxInFlight, rateLimit, cors,
        auth, aggregate, shape, null, null, null, null);
  }

  /** A public proxy route without views. */
  public RouteConfig(String id, int priority, MatchConfig match, String upstream, RewriteConfig rewrite,
      boolean preserveHost, Duration timeout, Long maxBodySize, Integer maxInFlight, RateLimitConfig rateLimit,
      CorsConfig cors) {
    this(id, priority, match, upstream, rewrite, preserveHost, timeout, maxBodySize, maxInFlight, rateLimit, cors,
        null, null, null);
  }

  /** A public proxy route without a CORS policy of its own. */
  public RouteConfig(String id, int priority, MatchConfig match, String upstream, RewriteConfig rewrite,
      boolean preserveHost, Duration timeout, Long maxBodySize, Integer maxInFlight, RateLimitConfig rateLimit) {
    this(id, priority, match, upstream, rewrite, preserveHost, timeout, maxBodySize, maxInFlight, rateLimit, null);
  }
}
