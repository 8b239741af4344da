package dev.portico.upstream.resilience;

import java.time.Duration;

/**
 * When a target's breaker opens and for how long.
 *
 * @param failureRate   fraction of failed calls in the window (0-1] that opens the breaker
 * @param slowCallRate  fraction of calls at or over {@code slowCall} that opens it (1 = only if all are slow)
 * @param window        the number of most recent calls considered
 * @param minimumCalls  calls needed in the window before rates count
 * @param openFor       how long the target is skipped before probes
 * @param halfOpenCalls probe calls that must all succeed to close again
 */
public record CircuitBreakerPolicy(double failureRate, double slowCallRate, Duration slowCall, int window,
    int minimumCalls, Duration openFor, int halfOpenCalls) {

  public CircuitBreakerPolicy {
    if (!(failureRate > 0 && failureRate <= 1) || !(slowCallRate > 0 && slowCallRate <= 1)) {
      throw new IllegalArgumentException("rates must be in (0, 1]");
    }
    if (window < 1 || minimumCalls < 1 || minimumCalls > window || halfOpenCalls < 1) {
      throw new IllegalArgumentException("window >= minimumCalls >= 1 and halfOpenCalls >= 1");
    }
  }

  long slowCallNanos() {
    return slowCall.toNanos();
  }

  long openForNanos() {
    return openFor.toNanos();
  }
}
