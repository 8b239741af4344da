package dev.portico.split;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.SplitConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedSplitTest {
  static WeightedSplit split(int... weights) {
    List<SplitConfig.Weighted> upstreams = new java.util.ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      upstreams.add(new SplitConfig.Weighted("u" + i, weights[i]));
    }
    return WeightedSplit.of(new SplitConfig(upstreams), Map.of());
  }

  @Test
  void keysSpreadInProportionToTheWeights() {
    WeightedSplit split = split(90, 10);
    int[] counts = new int[2];
    for (int i = 0; i < 10_000; i++) {
      counts[split.indexFor("ip:10.0." + (i / 256) + "." + (i % 256))]++;
    }
    assertThat(counts[1]).isBetween(900, 1100);
  }

  @Test
  void aKeyAlwaysGoesToTheSameUpstream() {
    WeightedSplit split = split(50, 50);
    for (int i = 0; i < 100; i++) {
      String key = "c:consumer-" + i;
      int first = split.indexFor(key);
      assertThat(split.indexFor(key)).isEqualTo(first);
      assertThat(split(50, 50).indexFor(key)).isEqualTo(first);
    }
  }

  @Test
  void movingWeightOnlyMovesTheKeysInBetween() {
    WeightedSplit before = split(90, 10);
    WeightedSplit after = split(80, 20);
    for (int i = 0; i < 5_000; i++) {
      String key = "c:" + i;
      if (before.indexFor(key) == 1) {
        assertThat(after.indexFor(key)).as(key).isEqualTo(1);
      }
    }
  }

  @Test
  void aZeroWeightGetsNothing() {
    WeightedSplit split = split(0, 1);
    for (int i = 0; i < 1_000; i++) {
      assertThat(split.indexFor("ip:" + i)).isEqualTo(1);
    }
  }
}
