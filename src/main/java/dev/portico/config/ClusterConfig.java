package dev.portico.config;

import java.time.Duration;
import java.util.Objects;

/**
 * State shared between gateway instances.
 *
 * @param redis            the shared Redis, or {@code null}: every instance keeps its state to itself
 * @param maxTokenLifetime the longest lifetime of any token the gateway accepts. A subject revocation ("every
 *                         token of X issued before T") is kept until T plus this, after which every token it could
 *                         refuse has expired; it applies with or without Redis
 */
public record ClusterConfig(RedisConfig redis, Duration maxTokenLifetime) {

  public static final Duration DEFAULT_MAX_TOKEN_LIFETIME = Duration.ofDays(30);

  public ClusterConfig {
    Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime");
    if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
      throw new IllegalArgumentException("maxTokenLifetime: " + maxTokenLifetime + " (expected: > 0)");
    }
  }

  public static ClusterConfig ofDefault() {
    return new ClusterConfig(null, DEFAULT_MAX_TOKEN_LIFETIME);
  }
}
