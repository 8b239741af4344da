package dev.portico.upstream.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  private final AtomicLong clock = new AtomicLong(Duration.ofHours(1).toNanos());

  private int retriesAllowed(RetryBudget budget, int attempts) {
    int allowed = 0;
    for (int i = 0; i < attempts; i++) {
      if (budget.tryRetry()) {
        allowed++;
      }
    }
    return allowed;
  }

  @Test
  void retriesAreCappedAtTheRatioOfRequests() {
    RetryBudget budget = new RetryBudget(0.2, 0, clock::get);
    for (int i = 0; i < 100; i++) {
      budget.requestStarted();
    }
    assertThat(retriesAllowed(budget, 100)).isEqualTo(20);
  }

  @Test
  void aFloorLetsLowTrafficRetry() {
    RetryBudget budget = new RetryBudget(0.2, 1, clock::get);
    assertThat(retriesAllowed(budget, 100)).isEqualTo(10);
  }

  @Test
  void oldRequestsStopCountingAfterTheWindow() {
    RetryBudget budget = new RetryBudget(0.5, 0, clock::get);
    for (int i = 0; i < 100; i++) {
      budget.requestStarted();
    }
    clock.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(retriesAllowed(budget, 10)).isZero();
    budget.requestStarted();
    budget.requestStarted();
    assertThat(retriesAllowed(budget, 10)).isEqualTo(1);
  }
}
