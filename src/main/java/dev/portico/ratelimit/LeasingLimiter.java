package dev.portico.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For very hot keys: takes a batch of {@code lease} tokens from the shared limiter in one round trip
 * and hands them out locally, so one instance makes one Redis call per batch instead of one per
 * request. When the shared limiter cannot grant a whole batch, it falls back to single exact
 * decisions.
 *
 * <p>The bound: tokens are taken from the shared bucket before they are issued, so the count
 * issued never exceeds the limit, but a leased token may be issued up to {@code leaseTtl} after it
 * was taken. Within any window an instance can therefore issue at most {@code lease - 1} tokens
 * taken before the window began, per batch it holds: with I instances each holding one batch, at
 * most I × (lease − 1) requests beyond an exact limiter. Leased tokens not used within
 * {@code leaseTtl} are lost (the limiter errs towards refusing). Remaining counts in the headers
 * are the shared bucket's at the time of the batch.
 */
public final class LeasingLimiter implements Limiter {
  private final Limiter shared;
  private final int lease;
  private final Cache<String, Lease> leases;

  public LeasingLimiter(Limiter shared, int lease, Duration leaseTtl, long maxKeys, Ticker ticker) {
    if (lease < 2) {
      throw new IllegalArgumentException("lease: " + lease + " (expected: >= 2)");
    }
    this.shared = shared;
    this.lease = lease;
    this.leases = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(leaseTtl).ticker(ticker).build();
  }

  @Override
  public Future<List<Decision>> check(List<String> keys, List<Quota> quotas, int cost) {
    String id = keys.size() == 1 ? keys.get(0) : String.join("\n", keys);
    Lease held = leases.getIfPresent(id);
    if (held != null) {
      int left = held.left.addAndGet(-cost);
      if (left >= 0) {
        return Future.succeededFuture(held.decisions);
      }
    }
    return shared.check(keys, quotas, cost * lease).compose(batch -> {
      if (allAllowed(batch)) {
        leases.put(id, new Lease(cost * (lease - 1), batch));
        return Future.succeededFuture(batch);
      }
      return shared.check(keys, quotas, cost);
    });
  }

  private static boolean allAllowed(List<Decision> decisions) {
    for (Decision d : decisions) {
      if (!d.allowed()) {
        return false;
      }
    }
    return true;
  }

  /** Tokens of one batch not yet issued, and the shared decisions reported while they last. */
  private static final class Lease {
    final AtomicInteger left;
    final List<Decision> decisions;

    Lease(int left, List<Decision> decisions) {
      this.left = new AtomicInteger(left);
      this.decisions = new ArrayList<>(decisions);
    }
  }
}
