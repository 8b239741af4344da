package dev.portico.ratelimit;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a route's rate limits: one decision for all its quotas, then either the request goes on
 * with {@code RateLimit-Policy} and {@code RateLimit} headers on its response, or it is refused
 * with 429, {@code Retry-After} and the same headers. When the shared limiter fails (Redis down or
 * late), the route either decides on this instance's local limiter (fail open) or answers 503 (fail
 * closed), at once in both cases.
 */
public final class RateLimitFilter implements Filter {
  @Override
  public String name() {
    return "rateLimit";
  }

  private final List<RateLimitRule> rules;
  /** The quotas and policy header when no rule depends on the caller's plan; else computed per request. */
  private final List<Quota> fixedQuotas;
  private final String fixedPolicyHeader;
  private final Limiter limiter;
  private final Limiter fallback;
  private final RateLimitStats stats;

  /** @param fallback the local limiter used when {@code limiter} fails, or {@code null} to fail closed */
  public RateLimitFilter(List<RateLimitRule> rules, Limiter limiter, Limiter fallback, RateLimitStats stats) {
    this.rules = List.copyOf(rules);
    boolean fixed = rules.stream().allMatch(r -> r.quota() != null);
    this.fixedQuotas = fixed ? rules.stream().map(RateLimitRule::quota).toList() : null;
    this.fixedPolicyHeader = fixed ? RateLimitHeaders.policy(fixedQuotas) : null;
    this.limiter = limiter;
    this.fallback = fallback;
    this.stats = stats;
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    List<Quota> quotas = fixedQuotas != null ? fixedQuotas : quotasFor(exchange);
    if (quotas.isEmpty()) {
      return chain.next(exchange);
    }
    String policyHeader = fixedPolicyHeader != null ? fixedPolicyHeader : RateLimitHeaders.policy(quotas);
    List<String> keys = keys(exchange, quotas);
    return limiter.check(keys, quotas, 1)
        .recover(failure -> {
          stats.limiterFailed();
          return fallback != null ? fallback.check(keys, quotas, 1)
              : Future.failedFuture(new GatewayException(ErrorCode.RATE_LIMITER_UNAVAILABLE,
                  "The rate limiter is unavailable; try again shortly."));
        })
        .compose(decisions -> {
          String limitHeader = RateLimitHeaders.limit(decisions);
          long retryAfter = retryAfterNanos(decisions);
          if (retryAfter >= 0) {
            stats.denied();
            return Future.failedFuture(new GatewayException(ErrorCode.RATE_LIMITED,
                "Rate limit exceeded; retry after the time in Retry-After.", Map.of(
                    "Retry-After", Long.toString(Math.max(1, RateLimitHeaders.ceilSeconds(retryAfter))),
                    RateLimitHeaders.POLICY, policyHeader,
                    RateLimitHeaders.LIMIT, limitHeader)));
          }
          stats.allowed();
          MultiMap headers = exchange.response().headers();
          headers.set(RateLimitHeaders.POLICY, policyHeader);
          headers.set(RateLimitHeaders.LIMIT, limitHeader);
          return chain.next(exchange);
        });
  }

  /** The longest wait among the quotas that denied, or -1 when all allowed. */
  private static long retryAfterNanos(List<Decision> decisions) {
    long retryAfter = -1;
    for (Decision d : decisions) {
      if (!d.allowed()) {
        retryAfter = Math.max(retryAfter, d.retryAfterNanos());
      }
    }
    return retryAfter;
  }

  private List<Quota> quotasFor(Exchange exchange) {
    List<Quota> quotas = new ArrayList<>(rules.size());
    for (RateLimitRule rule : rules) {
      Quota q = rule.quotaFor(exchange);
      if (q != null) {
        quotas.add(q);
      }
    }
    return quotas;
  }

  /** One key per applied quota; rules whose plan quota does not apply are skipped in both lists alike. */
  private List<String> keys(Exchange exchange, List<Quota> quotas) {
    List<String> keys = new ArrayList<>(quotas.size());
    for (RateLimitRule rule : rules) {
      Quota q = fixedQuotas != null ? rule.quota() : rule.quotaFor(exchange);
      if (q != null) {
        keys.add(rule.key(exchange, q));
      }
    }
    return keys;
  }
}
