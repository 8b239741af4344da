package dev.portico.ratelimit;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} fields of the IETF draft
 * (draft-ietf-httpapi-ratelimit-headers), as structured-field lists with one item per quota:
 * {@code "10-per-s";q=10;w=1} and {@code "10-per-s";r=7;t=1}.
 */
public final class RateLimitHeaders {
  public static final String POLICY = "RateLimit-Policy";
  public static final String LIMIT = "RateLimit";

  private RateLimitHeaders() {}

  public static String policy(List<Quota> quotas) {
    StringBuilder sb = new StringBuilder();
    for (Quota q : quotas) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append('"').append(q.name()).append("\";q=").append(q.limit())
          .append(";w=").append(Math.max(1, q.period().toSeconds()));
    }
    return sb.toString();
  }

  public static String limit(List<Decision> decisions) {
    StringBuilder sb = new StringBuilder();
    for (Decision d : decisions) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append('"').append(d.quota().name()).append("\";r=").append(d.remaining())
          .append(";t=").append(ceilSeconds(d.resetNanos()));
    }
    return sb.toString();
  }

  /** Whole seconds, rounded up: a client that waits that long is never early. */
  public static long ceilSeconds(long nanos) {
    return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }
}
