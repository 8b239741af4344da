package dev.portico.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portico.config.PlanConfig;
import dev.portico.config.RateLimitConfig;
import dev.portico.config.RateLimitsConfig;
import dev.portico.pipeline.Filter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's limiters, which outlive config reloads so that a reload does not refill every
 * bucket: the local one always, the Redis one when {@code cluster.redis} is configured. Builds each
 * route's {@link RateLimitFilter}.
 */
public final class RateLimiters {
  /** Idle buckets are dropped after this; no supported period is longer, so a dropped bucket was full. */
  private static final Duration IDLE_EXPIRY = Duration.ofDays(1).plusMinutes(1);

  private final LocalRateLimiter local;
  private final Limiter shared;
  private final RateLimitStats stats;

  /** @param shared the Redis limiter, or {@code null} when there is no Redis */
  public RateLimiters(RateLimitsConfig config, Limiter shared, RateLimitStats stats) {
    this.local = new LocalRateLimiter(config.maxLocalBuckets(), IDLE_EXPIRY, Ticker.systemTicker());
    this.shared = shared != null && config.lease() >= 2
        ? new LeasingLimiter(shared, config.lease(), config.leaseTtl(), config.maxLocalBuckets(), Ticker.systemTicker())
        : shared;
    this.stats = stats;
  }

  public LocalRateLimiter local() {
    return local;
  }

  public Filter filterFor(String routeId, RateLimitConfig route, RateLimitsConfig settings,
      Map<String, PlanConfig> plans) {
    List<RateLimitRule> rules = new ArrayList<>();
    for (RateLimitConfig.Limit limit : route.limits()) {
      KeySource source = KeySource.parse(limit.per());
      String scope = limit.shared() != null ? "shared:" + limit.shared()
          : source instanceof KeySource.Everyone e && e.yamlName().equals("global") ? "global" : "route:" + routeId;
      if (limit.fromPlan()) {
        Map<String, Quota> byPlan = new HashMap<>();
        for (PlanConfig plan : plans.values()) {
          if (plan.rateLimit() != null) {
            String name = limit.name() != null ? limit.name() : "plan-" + plan.name();
            byPlan.put(plan.name(), new Quota(name, plan.rateLimit().limit(), plan.rateLimit().period()));
          }
        }
        rules.add(new RateLimitRule(scope, source, null, byPlan));
      } else {
        String name = limit.name() != null ? limit.name() : limit.rate().name();
        rules.add(new RateLimitRule(scope, source, new Quota(name, limit.rate().limit(), limit.rate().period())));
      }
    }
    boolean useShared = shared != null && !"local".equals(settings.store());
    Limiter limiter = useShared ? shared : local;
    Limiter fallback = !useShared || settings.failOpen() ? local : null;
    return new RateLimitFilter(rules, limiter, fallback, stats);
  }
}
