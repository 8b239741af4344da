package dev.portico.config;

import java.time.Duration;
import java.util.Objects;

/** @param drainTimeout how long in-flight requests may finish after a stop signal; zero = stop at once */
public record ShutdownConfig(Duration drainTimeout) {

  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  public ShutdownConfig {
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout: " + drainTimeout + " (expected: >= 0)");
    }
  }

  public static ShutdownConfig ofDefault() {
    return new ShutdownConfig(DEFAULT_DRAIN_TIMEOUT);
  }
}
