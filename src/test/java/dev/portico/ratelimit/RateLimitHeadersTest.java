package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private final Quota perSecond = new Quota("burst", 10, Duration.ofSeconds(1));
  private final Quota perDay = new Quota("daily", 10_000, Duration.ofDays(1));

  @Test
  void policyListsEveryQuotaWithItsWindowInSeconds() {
    assertThat(RateLimitHeaders.policy(List.of(perSecond, perDay)))
        .isEqualTo("\"burst\";q=10;w=1, \"daily\";q=10000;w=86400");
  }

  @Test
  void limitReportsRemainingAndSecondsToResetRoundedUp() {
    Decision d = new Decision(perSecond, true, 7, Duration.ofMillis(300).toNanos(), 0);
    assertThat(RateLimitHeaders.limit(List.of(d))).isEqualTo("\"burst\";r=7;t=1");
  }

  @Test
  void ceilSecondsNeverRoundsDown() {
    assertThat(RateLimitHeaders.ceilSeconds(1)).isEqualTo(1);
    assertThat(RateLimitHeaders.ceilSeconds(Duration.ofSeconds(2).toNanos())).isEqualTo(2);
    assertThat(RateLimitHeaders.ceilSeconds(0)).isZero();
  }
}
