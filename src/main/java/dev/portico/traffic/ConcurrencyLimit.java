package dev.portico.traffic;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on requests in flight. Beyond it requests are refused at once rather than queued: a queue
 * in front of an overloaded service only adds latency to requests that will time out anyway.
 */
public final class ConcurrencyLimit {
  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();

  public ConcurrencyLimit(int max) {
    this.max = max;
  }

  /** Takes a slot; {@code false} when all are taken. A caller that gets {@code true} must {@link #release}. */
  public boolean tryAcquire() {
    while (true) {
      int n = inFlight.get();
      if (n >= max) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  public void release() {
    inFlight.decrementAndGet();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int max() {
    return max;
  }
}
