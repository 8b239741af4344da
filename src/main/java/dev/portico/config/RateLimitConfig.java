package dev.portico.config;

import java.util.List;
import java.util.Objects;

/**
 * A route's rate limits ({@code routes[].rateLimit}): one or several quotas, all checked in one
 * decision.
 */
public record RateLimitConfig(List<Limit> limits) {

  public RateLimitConfig {
    limits = List.copyOf(limits);
  }

  /**
   * @param per    what the limit is counted per: consumer, tenant, ip, route, global or header:NAME
   * @param rate   the limit; {@code null} with {@code fromPlan} when the consumer's plan decides
   * @param name   the policy name in the RateLimit headers; defaults to the rate, e.g. {@code 100-per-s}
   * @param shared a bucket name shared by every route that uses it, or {@code null} for this route's own
   */
  public record Limit(String per, Rate rate, boolean fromPlan, String name, String shared) {
    public Limit {
      Objects.requireNonNull(per, "per");
    }
  }
}
