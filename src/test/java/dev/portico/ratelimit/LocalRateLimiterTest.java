package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final LocalRateLimiter limiter = new LocalRateLimiter(10_000, Duration.ofHours(1), clock::get);
  private final Quota tenPerSecond = new Quota("10-per-s", 10, Duration.ofSeconds(1));

  private Decision check(String key, Quota quota) {
    return limiter.decide(List.of(key), List.of(quota), 1).get(0);
  }

  @Test
  void fullBucketAdmitsBurstOfLimitThenDenies() {
    for (int i = 0; i < 10; i++) {
      Decision d = check("k", tenPerSecond);
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(9 - i);
    }
    Decision denied = check("k", tenPerSecond);
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.remaining()).isZero();
    assertThat(denied.retryAfterNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(denied.resetNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void budgetComesBackOneIntervalAtATime() {
    for (int i = 0; i < 10; i++) {
      check("k", tenPerSecond);
    }
    clock.addAndGet(Duration.ofMillis(99).toNanos());
    assertThat(check("k", tenPerSecond).allowed()).isFalse();
    clock.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(check("k", tenPerSecond).allowed()).isTrue();
    assertThat(check("k", tenPerSecond).allowed()).isFalse();
  }

  @Test
  void deniedRequestsDoNotExtendTheLockOut() {
    for (int i = 0; i < 10; i++) {
      check("k", tenPerSecond);
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(check("k", tenPerSecond).allowed()).isFalse();
    }
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(check("k", tenPerSecond).remaining()).isEqualTo(9);
  }

  @Test
  void bucketsAreIndependentPerKey() {
    for (int i = 0; i < 10; i++) {
      check("alice", tenPerSecond);
    }
    assertThat(check("alice", tenPerSecond).allowed()).isFalse();
    assertThat(check("bob", tenPerSecond).allowed()).isTrue();
  }

  @Test
  void aRequestDeniedByOneQuotaChargesNoOther() {
    Quota perSecond = new Quota("5-per-s", 5, Duration.ofSeconds(1));
    Quota perDay = new Quota("3-per-day", 3, Duration.ofDays(1));
    List<String> keys = List.of("s", "d");
    List<Quota> quotas = List.of(perSecond, perDay);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.decide(keys, quotas, 1)).allMatch(Decision::allowed);
    }
    List<Decision> denied = limiter.decide(keys, quotas, 1);
    assertThat(denied.get(1).allowed()).isFalse();
    assertThat(denied.get(0).allowed()).as("the per-second quota alone would allow").isTrue();
    // The refused request did not use up the per-second bucket: 2 of its 5 are still there.
    assertThat(limiter.decide(List.of("s"), List.of(perSecond), 1).get(0).remaining()).isEqualTo(1);
  }

  @Test
  void costAboveOneTakesThatManyRequests() {
    Decision d = limiter.decide(List.of("k"), List.of(tenPerSecond), 4).get(0);
    assertThat(d.allowed()).isTrue();
    assertThat(d.remaining()).isEqualTo(6);
    assertThat(limiter.decide(List.of("k"), List.of(tenPerSecond), 7).get(0).allowed()).isFalse();
  }

  @Test
  void concurrentCallersTogetherGetExactlyTheLimit() throws Exception {
    Quota hundredPerHour = new Quota("100-per-h", 100, Duration.ofHours(1));
    AtomicInteger allowed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      pool.submit(() -> {
        start.await();
        for (int i = 0; i < 500; i++) {
          if (check("shared", hundredPerHour).allowed()) {
            allowed.incrementAndGet();
          }
        }
        return null;
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(allowed.get()).isEqualTo(100);
  }

  @Test
  void idleBucketsExpireSoMemoryStaysBounded() {
    LocalRateLimiter small = new LocalRateLimiter(10_000, Duration.ofSeconds(2), clock::get);
    for (int i = 0; i < 1000; i++) {
      small.decide(List.of("client-" + i), List.of(tenPerSecond), 1);
    }
    assertThat(small.size()).isEqualTo(1000);
    clock.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(small.size()).isZero();
  }
}
