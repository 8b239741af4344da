package dev.portico.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A hash ring with virtual nodes (Ketama style): the same key goes to the same target while the
 * target set is unchanged, and when a target is ejected only its keys move. Requests without a key
 * are spread by a random key.
 */
final class ConsistentHashBalancer implements LoadBalancer {
  private static final int VIRTUAL_NODES = 160;

  private final List<Target> targets;
  private final long[] ringHashes;
  private final Target[] ringTargets;

  ConsistentHashBalancer(List<Target> targets) {
    this.targets = List.copyOf(targets);
    int size = targets.size() * VIRTUAL_NODES;
    long[][] points = new long[size][2];
    int k = 0;
    for (int t = 0; t < targets.size(); t++) {
      for (int v = 0; v < VIRTUAL_NODES; v++) {
        points[k][0] = hash(targets.get(t).authority() + "#" + v);
        points[k][1] = t;
        k++;
      }
    }
    Arrays.sort(points, (x, y) -> Long.compare(x[0], y[0]));
    ringHashes = new long[size];
    ringTargets = new Target[size];
    for (int i = 0; i < size; i++) {
      ringHashes[i] = points[i][0];
      ringTargets[i] = targets.get((int) points[i][1]);
    }
  }

  @Override
  public Target choose(List<Target> available, String hashKey) {
    long h = hashKey == null ? java.util.concurrent.ThreadLocalRandom.current().nextLong() : hash(hashKey);
    int i = Arrays.binarySearch(ringHashes, h);
    if (i < 0) {
      i = -i - 1;
    }
    boolean allAvailable = available.size() == targets.size();
    // Walk clockwise to the first point whose target is available.
    for (int step = 0; step < ringHashes.length; step++) {
      Target candidate = ringTargets[(i + step) % ringHashes.length];
      if (allAvailable || available.contains(candidate)) {
        return candidate;
      }
    }
    return available.get(0);
  }

  /** FNV-1a 64 with a final avalanche mix, so nearby keys land far apart on the ring. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
