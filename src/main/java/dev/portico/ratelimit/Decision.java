package dev.portico.ratelimit;

/**
 * The outcome of one rate-limit check against one quota.
 *
 * @param remaining         requests still allowed right now after this one
 * @param resetNanos        time until the bucket is full again
 * @param retryAfterNanos   when denied, time until this request would be allowed; otherwise 0
 */
public record Decision(Quota quota, boolean allowed, long remaining, long resetNanos, long retryAfterNanos) {}
