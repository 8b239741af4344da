package dev.portico.config;

import java.time.Duration;

/**
 * How rate limits are kept ({@code rateLimits}, top level).
 *
 * @param store           {@code local} (this instance) or {@code redis} (shared; needs {@code cluster.redis});
 *                        default: redis when cluster.redis is set, else local
 * @param failOpen        when Redis fails: decide on the local limiter (true) or answer 503 (false)
 * @param timeout         the deadline of one Redis decision
 * @param maxLocalBuckets bound on the buckets kept in memory
 * @param lease           with Redis, tokens taken per round trip and handed out locally (0 = off, every
 *                        decision goes to Redis); for very hot keys, see LeasingLimiter for the bound
 * @param leaseTtl        how long leased tokens may be handed out
 */
public record RateLimitsConfig(String store, boolean failOpen, Duration timeout, long maxLocalBuckets, int lease,
    Duration leaseTtl) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
  public static final long DEFAULT_MAX_LOCAL_BUCKETS = 1_000_000;
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(1);

  public static RateLimitsConfig ofDefault() {
    return new RateLimitsConfig(null, true, DEFAULT_TIMEOUT, DEFAULT_MAX_LOCAL_BUCKETS, 0, DEFAULT_LEASE_TTL);
  }
}
