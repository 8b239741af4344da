package dev.portico.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate limits kept in this process: one atomic TAT per bucket, updated with compare-and-set, so
 * event loops never lock. Buckets live in a bounded Caffeine cache and expire once idle for
 * longer than the longest period, when they would be full anyway.
 */
public final class LocalRateLimiter implements Limiter {
  private final Cache<String, AtomicLong> buckets;
  private final Ticker ticker;

  public LocalRateLimiter(long maxBuckets, Duration idleExpiry, Ticker ticker) {
    this.ticker = ticker;
    this.buckets = Caffeine.newBuilder()
        .maximumSize(maxBuckets)
        .expireAfterAccess(idleExpiry)
        .ticker(ticker)
        .build();
  }

  /**
   * Checks every quota for one request, all or nothing: if any quota denies, no bucket is charged
   * (a request refused by the daily quota must not use up the per-second one).
   *
   * @param keys one bucket key per quota, in the same order
   * @return one decision per quota
   */
  public List<Decision> decide(List<String> keys, List<Quota> quotas, int cost) {
    int n = quotas.size();
    long now = ticker.read();
    long[] before = new long[n];
    long[] after = new long[n];
    AtomicLong[] cells = new AtomicLong[n];
    int charged = 0;
    boolean allowed = true;
    for (; charged < n; charged++) {
      AtomicLong cell = buckets.get(keys.get(charged), k -> new AtomicLong(Long.MIN_VALUE));
      cells[charged] = cell;
      long tat;
      long next;
      do {
        tat = cell.get();
        next = Gcra.admit(tat == Long.MIN_VALUE ? now : tat, now, quotas.get(charged), cost);
      } while (next >= 0 && !cell.compareAndSet(tat, next));
      before[charged] = tat == Long.MIN_VALUE ? now : tat;
      if (next < 0) {
        allowed = false;
        after[charged] = before[charged];
        break;
      }
      after[charged] = next;
    }
    if (!allowed) {
      for (int i = 0; i < charged; i++) {
        long refund = after[i] - Math.max(before[i], now);
        cells[i].addAndGet(-refund);
      }
    }
    Decision[] decisions = new Decision[n];
    for (int i = 0; i < n; i++) {
      Quota quota = quotas.get(i);
      if (allowed) {
        decisions[i] = Gcra.describe(quota, after[i], now, true, cost);
      } else {
        // charged is the index of the quota that denied; the others report whether they would allow.
        long tat = currentTat(keys.get(i), now);
        boolean wouldAllow = i != charged && Gcra.admit(tat, now, quota, cost) >= 0;
        decisions[i] = Gcra.describe(quota, tat, now, wouldAllow, cost);
      }
    }
    return List.of(decisions);
  }

  @Override
  public Future<List<Decision>> check(List<String> keys, List<Quota> quotas, int cost) {
    return Future.succeededFuture(decide(keys, quotas, cost));
  }

  private long currentTat(String key, long now) {
    AtomicLong cell = buckets.getIfPresent(key);
    long tat = cell == null ? Long.MIN_VALUE : cell.get();
    return Math.max(tat, now);
  }

  /** The number of live buckets (for metrics and tests). */
  public long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }
}
