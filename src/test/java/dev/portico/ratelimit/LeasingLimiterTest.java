package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Leases against a real shared limiter (the local one stands in for Redis: same contract). */
class LeasingLimiterTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final AtomicInteger sharedCalls = new AtomicInteger();
  private final LocalRateLimiter bucket = new LocalRateLimiter(1000, Duration.ofHours(2), clock::get);
  private final Limiter shared = (keys, quotas, cost) -> {
    sharedCalls.incrementAndGet();
    return bucket.check(keys, quotas, cost);
  };
  private final Quota hundredPerHour = new Quota("100-per-h", 100, Duration.ofHours(1));

  private LeasingLimiter instance() {
    return new LeasingLimiter(shared, 10, Duration.ofSeconds(1), 1000, clock::get);
  }

  private boolean allowed(LeasingLimiter limiter) {
    return limiter.check(List.of("hot"), List.of(hundredPerHour), 1).result().get(0).allowed();
  }

  @Test
  void oneSharedCallServesAWholeBatch() {
    LeasingLimiter limiter = instance();
    for (int i = 0; i < 30; i++) {
      assertThat(allowed(limiter)).isTrue();
    }
    assertThat(sharedCalls.get()).isEqualTo(3);
  }

  @Test
  void instancesTogetherNeverIssueMoreThanTheLimitAndLoseAtMostTheirUnusedLeases() {
    List<LeasingLimiter> three = List.of(instance(), instance(), instance());
    int allowed = 0;
    for (int i = 0; i < 300; i++) {
      if (allowed(three.get(i % 3))) {
        allowed++;
      }
    }
    assertThat(allowed).isLessThanOrEqualTo(100).isGreaterThanOrEqualTo(100 - 3 * 9);
  }

  @Test
  void whenNoWholeBatchIsLeftSingleDecisionsTakeTheRest() {
    LeasingLimiter limiter = instance();
    bucket.decide(List.of("hot"), List.of(hundredPerHour), 95);
    int allowed = 0;
    for (int i = 0; i < 10; i++) {
      allowed += allowed(limiter) ? 1 : 0;
    }
    assertThat(allowed).isEqualTo(5);
  }

  @Test
  void unusedLeasesExpireSoTokensAreNotIssuedLongAfterTheyWereTaken() {
    LeasingLimiter limiter = instance();
    assertThat(allowed(limiter)).isTrue();
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(allowed(limiter)).isTrue();
    assertThat(sharedCalls.get()).as("the first batch expired; a new one was taken").isEqualTo(2);
  }
}
