package dev.portico.upstream.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.upstream.resilience.CircuitBreaker.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private static final long FAST = Duration.ofMillis(10).toNanos();
  private static final long SLOW = Duration.ofSeconds(2).toNanos();

  private final AtomicLong clock = new AtomicLong(5_000_000_000L);
  private final List<String> transitions = new ArrayList<>();
  private final CircuitBreaker breaker = new CircuitBreaker(
      new CircuitBreakerPolicy(0.5, 0.8, Duration.ofSeconds(1), 10, 5, Duration.ofSeconds(10), 2),
      clock::get, (from, to) -> transitions.add(from + "->" + to));

  private void calls(int n, boolean failed, long duration) {
    for (int i = 0; i < n; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.record(failed, duration);
    }
  }

  @Test
  void staysClosedBelowTheMinimumNumberOfCalls() {
    calls(4, true, FAST);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void opensWhenTheFailureRateReachesTheThreshold() {
    calls(3, false, FAST);
    calls(2, true, FAST);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    calls(1, true, FAST);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(transitions).containsExactly("CLOSED->OPEN");
  }

  @Test
  void opensWhenTooManyCallsAreSlowEvenIfTheySucceed() {
    calls(1, false, FAST);
    calls(4, false, SLOW);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void oldOutcomesSlideOutOfTheWindow() {
    calls(10, false, FAST);
    calls(4, true, FAST);
    calls(6, false, FAST);
    calls(4, true, FAST);
    // 8 failures so far, but only the last 4 are among the last 10 calls: 40% < 50%.
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    calls(1, true, FAST);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void halfOpenAfterOpenForAdmitsOnlyTheProbes() {
    calls(5, true, FAST);
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).as("only two probes").isFalse();
  }

  @Test
  void successfulProbesCloseIt() {
    calls(5, true, FAST);
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    calls(2, false, FAST);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
  }

  @Test
  void aFailedProbeOpensItAgainForAnotherPeriod() {
    calls(5, true, FAST);
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    calls(1, true, FAST);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void resetClosesAnOpenBreaker() {
    calls(5, true, FAST);
    breaker.reset();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }
}
