package dev.portico.upstream;

import java.util.List;

/**
 * Picks a target for one request among the available ones. Implementations are named for their
 * strategy and shared by all event loops, so they must be thread-safe and lock-free.
 */
public interface LoadBalancer {
  /**
   * @param available targets not currently ejected, never empty
   * @param hashKey the request's affinity key (client IP or a header), or null when the
   *     strategy does not use one
   */
  Target choose(List<Target> available, String hashKey);
}
