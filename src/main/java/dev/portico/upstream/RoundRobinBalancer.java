package dev.portico.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Cycles through the available targets. */
final class RoundRobinBalancer implements LoadBalancer {
  private final AtomicInteger next = new AtomicInteger();

  @Override
  public Target choose(List<Target> available, String hashKey) {
    int i = next.getAndIncrement() & Integer.MAX_VALUE;
    return available.get(i % available.size());
  }
}
