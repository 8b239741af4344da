package dev.portico.upstream.resilience;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Caps retries at a fraction of recent requests (plus a small floor so low traffic can still
 * retry), so that retries cannot multiply an outage: with a 20% budget a failing upstream sees at
 * most 1.2 times the client load. Counts live in one-second slots over a ten-second window,
 * updated with atomics, so event loops never wait on each other.
 */
public final class RetryBudget {
  private static final int SLOTS = 10;
  private static final long SLOT_NANOS = 1_000_000_000L;

  private final double ratio;
  private final int minRetriesPerSecond;
  private final LongSupplier nanoClock;
  /** Per slot: the second it counts, requests, retries. */
  private final AtomicLongArray slots = new AtomicLongArray(SLOTS * 3);

  public RetryBudget(double ratio, int minRetriesPerSecond, LongSupplier nanoClock) {
    this.ratio = ratio;
    this.minRetriesPerSecond = minRetriesPerSecond;
    this.nanoClock = nanoClock;
  }

  /** Counts a first attempt. */
  public void requestStarted() {
    add(1, 1);
  }

  /** Takes one retry from the budget; {@code false} means the retry must not happen. */
  public boolean tryRetry() {
    long second = nanoClock.getAsLong() / SLOT_NANOS;
    long requests = 0;
    long retries = 0;
    for (int i = 0; i < SLOTS; i++) {
      if (second - slots.get(i * 3) < SLOTS) {
        requests += slots.get(i * 3 + 1);
        retries += slots.get(i * 3 + 2);
      }
    }
    if (retries + 1 > requests * ratio + (long) minRetriesPerSecond * SLOTS) {
      return false;
    }
    add(2, 1);
    return true;
  }

  private void add(int field, long delta) {
    long second = nanoClock.getAsLong() / SLOT_NANOS;
    int slot = (int) Math.floorMod(second, SLOTS);
    long owner = slots.get(slot * 3);
    if (owner != second && slots.compareAndSet(slot * 3, owner, second)) {
      // First touch of this slot in a new second: clear what an older second left there.
      slots.set(slot * 3 + 1, 0);
      slots.set(slot * 3 + 2, 0);
    }
    slots.addAndGet(slot * 3 + field, delta);
  }
}
