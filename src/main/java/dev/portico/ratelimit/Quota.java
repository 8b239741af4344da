package dev.portico.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit of a policy: {@code limit} requests per {@code period}, enforced by GCRA. A full
 * bucket admits a burst of {@code limit} requests at once; after that, one request per
 * {@link #intervalNanos()}.
 *
 * @param name the policy name reported in the {@code RateLimit} headers, e.g. {@code "10-per-s"}
 */
public record Quota(String name, long limit, Duration period) {

  public Quota {
    Objects.requireNonNull(name, "name");
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
    }
    if (period.isZero() || period.isNegative() || period.toNanos() / limit < 1) {
      throw new IllegalArgumentException("period: " + period + " (expected: longer than limit nanoseconds)");
    }
  }

  public long periodNanos() {
    return period.toNanos();
  }

  /** The time one request's worth of budget takes to come back. */
  public long intervalNanos() {
    return period.toNanos() / limit;
  }
}
