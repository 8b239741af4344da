package dev.portico.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A route's {@code aggregate}: named upstream calls whose JSON results are merged into one object.
 *
 * @param calls   by name, in declaration order (the order of the members in the answer)
 * @param timeout the overall deadline: {@code aggregateTimeout}, else the route's {@code timeout}, else
 *                {@link #DEFAULT_TIMEOUT}
 */
public record AggregateConfig(Map<String, AggregateCallConfig> calls, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public AggregateConfig {
    calls = Immutables.orderedCopy(calls);
    Objects.requireNonNull(timeout, "timeout");
  }
}
