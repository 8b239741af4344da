package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancerTest {
  private final Target a = new Target("10.0.0.1", 80);
  private final Target b = new Target("10.0.0.2", 80);
  private final Target c = new Target("10.0.0.3", 80);
  private final List<Target> all = List.of(a, b, c);

  @Test
  void roundRobinCyclesThroughTargets() {
    RoundRobinBalancer rr = new RoundRobinBalancer();
    assertThat(List.of(rr.choose(all, null), rr.choose(all, null), rr.choose(all, null), rr.choose(all, null)))
        .containsExactly(a, b, c, a);
  }

  @Test
  void leastRequestNeverPicksTheBusiestOfTwo() {
    LeastRequestBalancer lr = new LeastRequestBalancer();
    for (int i = 0; i < 5; i++) {
      b.requestStarted();
    }
    for (int i = 0; i < 200; i++) {
      assertThat(lr.choose(List.of(a, b), null)).isSameAs(a);
    }
  }

  @Test
  void consistentHashIsStableAndSpreadsKeys() {
    ConsistentHashBalancer ch = new ConsistentHashBalancer(all);
    Map<Target, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      String key = "user-" + i;
      Target t = ch.choose(all, key);
      assertThat(ch.choose(all, key)).isSameAs(t);
      counts.merge(t, 1, Integer::sum);
    }
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(600, 1400));
  }

  @Test
  void consistentHashMovesOnlyTheKeysOfAnEjectedTarget() {
    ConsistentHashBalancer ch = new ConsistentHashBalancer(all);
    List<Target> withoutC = List.of(a, b);
    for (int i = 0; i < 1000; i++) {
      String key = "k" + i;
      Target before = ch.choose(all, key);
      Target after = ch.choose(withoutC, key);
      if (before != c) {
        assertThat(after).isSameAs(before);
      } else {
        assertThat(after).isIn(a, b);
      }
    }
  }

  @Test
  void ejectedTargetIsSkippedUntilItsPeriodEnds() {
    Upstream upstream = Upstream.of(new dev.portico.config.UpstreamConfig("u",
        List.of(java.net.URI.create("http://10.0.0.1:80"), java.net.URI.create("http://10.0.0.2:80")),
        dev.portico.config.Balance.ROUND_ROBIN, null, java.time.Duration.ofSeconds(1),
        java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 10));
    Target first = upstream.targets().get(0);
    first.connectFailed(System.nanoTime());
    for (int i = 0; i < 10; i++) {
      assertThat(upstream.choose(null, null)).isSameAs(upstream.targets().get(1));
    }
    first.connectFailed(System.nanoTime() - 120_000_000_000L); // ejection long over
    assertThat(first.isAvailable(System.nanoTime())).isTrue();
  }
}
