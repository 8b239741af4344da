package dev.portico.ratelimit;

/**
 * The generic cell rate algorithm on one bucket, as a pure function of the bucket's theoretical
 * arrival time (TAT) and the current time. The local limiter and the Redis script
 * ({@code gcra.lua}) implement the same arithmetic; tests hold them to each other.
 *
 * <p>A request of cost c is allowed when {@code max(tat, now) + c * interval - now <= period}; an
 * allowed request moves the TAT forward, a denied one leaves it alone, so refused requests never
 * extend a lock-out.
 */
public final class Gcra {
  private Gcra() {}

  /** The TAT after admitting {@code cost} requests, or -1 if they must be denied. */
  public static long admit(long tat, long now, Quota quota, int cost) {
    long candidate = Math.max(tat, now) + quota.intervalNanos() * cost;
    return candidate - now <= quota.periodNanos() ? candidate : -1;
  }

  /** Describes the bucket at {@code now}; {@code tat} is the TAT after the decision. */
  public static Decision describe(Quota quota, long tat, long now, boolean allowed, int cost) {
    long ahead = Math.max(0, tat - now);
    long interval = quota.intervalNanos();
    long remaining = Math.max(0, (quota.periodNanos() - ahead) / interval);
    long retryAfter = allowed ? 0 : Math.max(0, ahead + interval * cost - quota.periodNanos());
    return new Decision(quota, allowed, Math.min(remaining, quota.limit()), ahead, retryAfter);
  }
}
