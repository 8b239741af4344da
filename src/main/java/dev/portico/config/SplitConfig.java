package dev.portico.config;

import java.util.List;

/**
 * A route's weighted split between upstreams ({@code upstreams}), e.g. 90/10 for a canary. Each client
 * stays on one side: the consumer (or, without one, the client IP) is hashed onto the weights.
 */
public record SplitConfig(List<Weighted> upstreams) {
  public record Weighted(String upstream, int weight) {}

  public SplitConfig {
    upstreams = List.copyOf(upstreams);
  }
}
