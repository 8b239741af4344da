package dev.portico.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A named group of backend targets shared by routes.
 *
 * @param targets                 {@code http://host:port}, port always explicit (80 when the file omits it)
 * @param hashOn                  set exactly when {@code balance} is {@link Balance#CONSISTENT_HASH}
 * @param timeout                 max wait for response headers
 * @param idleTimeout             pooled connections idle this long are closed; zero = never
 * @param resilience              health checks, circuit breakers, retries and the in-flight cap
 */
public record UpstreamConfig(String name, List<URI> targets, Balance balance, HashKey hashOn,
    Duration connectTimeout, Duration timeout, Duration idleTimeout, int maxConnectionsPerTarget,
    ResilienceConfig resilience) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_TARGET = 256;

  /** An upstream with the default resilience settings. */
  public UpstreamConfig(String name, List<URI> targets, Balance balance, HashKey hashOn, Duration connectTimeout,
      Duration timeout, Duration idleTimeout, int maxConnectionsPerTarget) {
    this(name, targets, balance, hashOn, connectTimeout, timeout, idleTimeout, maxConnectionsPerTarget,
        ResilienceConfig.DEFAULT);
  }

  public UpstreamConfig {
    Objects.requireNonNull(resilience, "resilience");
    Objects.requireNonNull(name, "name");
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets: [] (expected: at least one target)");
    }
    Objects.requireNonNull(balance, "balance");
    if ((balance == Balance.CONSISTENT_HASH) != (hashOn != null)) {
      throw new IllegalArgumentException("hashOn: " + hashOn + " (expected: set exactly for consistent-hash)");
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (maxConnectionsPerTarget < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerTarget: " + maxConnectionsPerTarget + " (expected: >= 1)");
    }
  }
}
