package dev.portico.ratelimit;

/**
 * One limit of a route, compiled: the quota, what it is counted per, and the scope its buckets
 * belong to ({@code route:<id>}, {@code global}, or {@code shared:<name>} for a limit several
 * routes share).
 */
public record RateLimitRule(String scope, KeySource source, Quota quota) {

  /** The bucket key for one request: scope, policy name, then the counted value. */
  public String key(dev.portico.pipeline.Exchange exchange) {
    return scope + '|' + quota.name() + '|' + source.value(exchange);
  }
}
