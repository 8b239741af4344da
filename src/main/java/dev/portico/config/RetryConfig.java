package dev.portico.config;

import java.time.Duration;

/**
 * Retries of an upstream's calls ({@code upstreams.*.retry}). A request is retried only when
 * that is safe: when nothing was sent (the connection failed), or when its method is idempotent
 * and its body is empty, never after part of the response reached the client. A retry goes to
 * another target where there is one, after an exponential backoff with jitter, and only while the
 * retry budget allows.
 *
 * @param attempts            total attempts including the first, 1 = no retries
 * @param onStatuses          upstream statuses retried for idempotent methods, e.g. 502, 503, 504
 * @param backoff             the first backoff; doubled per retry up to {@code maxBackoff}, half of it random
 * @param budget              retries allowed as a fraction of requests over the last 10 s
 * @param minRetriesPerSecond retries always allowed, so that low traffic can still retry
 */
public record RetryConfig(int attempts, java.util.Set<Integer> onStatuses, Duration backoff, Duration maxBackoff,
    double budget, int minRetriesPerSecond) {

  public static final RetryConfig DEFAULT =
      new RetryConfig(2, java.util.Set.of(502, 503, 504), Duration.ofMillis(25), Duration.ofMillis(250), 0.2, 3);

  public RetryConfig {
    onStatuses = java.util.Set.copyOf(onStatuses);
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
    }
  }
}
