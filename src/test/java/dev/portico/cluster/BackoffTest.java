package dev.portico.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @RepeatedTest(20)
  void delaysDoubleUpToTheMaximum_eachDrawnFromTheUpperHalf() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
    long[] ceilings = {100, 200, 400, 800, 1000, 1000};
    for (long ceiling : ceilings) {
      assertThat(backoff.nextDelayMillis()).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void resetStartsFromTheInitialDelayAgain() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    for (int i = 0; i < 10; i++) {
      backoff.nextDelayMillis();
    }
    backoff.reset();
    assertThat(backoff.nextDelayMillis()).isBetween(50L, 100L);
  }
}
