package dev.portico.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two choices: sample two distinct targets at random and take the one with fewer requests
 * in flight. Nearly as good as a full scan for load spread, constant cost, and it avoids the herd
 * that "always the least loaded" causes when many instances see the same counts.
 */
final class LeastRequestBalancer implements LoadBalancer {
  @Override
  public Target choose(List<Target> available, String hashKey) {
    int n = available.size();
    if (n == 1) {
      return available.get(0);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int a = random.nextInt(n);
    int b = random.nextInt(n - 1);
    if (b >= a) {
      b++;
    }
    Target first = available.get(a);
    Target second = available.get(b);
    return second.inFlight() < first.inFlight() ? second : first;
  }
}
