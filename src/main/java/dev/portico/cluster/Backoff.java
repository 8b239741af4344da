package dev.portico.cluster;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff between reconnect attempts: the initial delay, doubled after each failure up to the
 * maximum, each delay drawn at random from its upper half so a fleet that lost Redis together does not come back
 * in lockstep. Not thread-safe: each reconnect loop owns one.
 */
final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private long nextMillis;

  Backoff(Duration initial, Duration max) {
    this.initialMillis = Math.max(1, initial.toMillis());
    this.maxMillis = Math.max(initialMillis, max.toMillis());
    this.nextMillis = initialMillis;
  }

  /** The delay before the next attempt; each call after a failure doubles the ceiling. */
  long nextDelayMillis() {
    long ceiling = nextMillis;
    nextMillis = Math.min(maxMillis, nextMillis * 2);
    long floor = Math.max(1, ceiling / 2);
    return floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1);
  }

  /** After a success: the next failure starts from the initial delay again. */
  void reset() {
    nextMillis = initialMillis;
  }
}
