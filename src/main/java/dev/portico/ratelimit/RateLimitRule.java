package dev.portico.ratelimit;

import dev.portico.pipeline.Exchange;
import dev.portico.security.Identity;
import java.util.Map;

/**
 * One limit of a route, compiled: the quota, what it is counted per, and the scope its buckets
 * belong to ({@code route:<id>}, {@code global}, or {@code shared:<name>} for a limit several
 * routes share). A plan limit has one quota per plan and applies the caller's.
 *
 * @param quota  the quota, or {@code null} for a plan limit
 * @param byPlan plan name to quota for a plan limit, else empty
 */
public record RateLimitRule(String scope, KeySource source, Quota quota, Map<String, Quota> byPlan) {

  public RateLimitRule(String scope, KeySource source, Quota quota) {
    this(scope, source, quota, Map.of());
  }

  public RateLimitRule {
    byPlan = Map.copyOf(byPlan);
  }

  /**
   * The quota for this request: the fixed one, or that of the caller's plan; {@code null} when a
   * plan limit does not apply (the caller has no plan, or a plan without a rate limit).
   */
  public Quota quotaFor(Exchange exchange) {
    if (quota != null) {
      return quota;
    }
    Identity identity = exchange.get(Identity.KEY);
    return identity == null || identity.plan() == null ? null : byPlan.get(identity.plan());
  }

  /** The bucket key for one request: scope, policy name, then the counted value. */
  public String key(Exchange exchange, Quota applied) {
    return scope + '|' + applied.name() + '|' + source.value(exchange);
  }
}
