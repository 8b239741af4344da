package dev.portico.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A named group of backend targets shared by routes.
 *
 * @param targets                 {@code http[s]://host:port}, one scheme for all, port always explicit (80 or
 *                                443 when the file omits it)
 * @param hashOn                  set exactly when {@code balance} is {@link Balance#CONSISTENT_HASH}
 * @param timeout                 max wait for response headers
 * @param idleTimeout             pooled connections idle this long are closed; zero = never
 * @param tls                     set exactly when the targets are {@code https://}
 * @param resilience              health checks, circuit breakers, retries and the in-flight cap
 */
public record UpstreamConfig(String name, List<URI> targets, Balance balance, HashKey hashOn,
    Duration connectTimeout, Duration timeout, Duration idleTimeout, int maxConnectionsPerTarget,
    UpstreamTlsConfig tls, ResilienceConfig resilience) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_TARGET = 256;

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
    boolean https = isHttps(targets);
    for (URI target : targets) {
      if (target.getScheme().equalsIgnoreCase("https") != https) {
        throw new IllegalArgumentException("targets: " + targets + " (expected: one scheme for all targets)");
      }
    }
    if (https != (tls != null)) {
      throw new IllegalArgumentException("tls: " + tls + " (expected: set exactly for https:// targets)");
    }
  }

  /**
   * With TLS defaults for https targets (JVM trust store, hostname verification) and none for http,
   * and the default resilience settings.
   */
  public UpstreamConfig(String name, List<URI> targets, Balance balance, HashKey hashOn, Duration connectTimeout,
      Duration timeout, Duration idleTimeout, int maxConnectionsPerTarget) {
    this(name, targets, balance, hashOn, connectTimeout, timeout, idleTimeout, maxConnectionsPerTarget,
        isHttps(targets) ? UpstreamTlsConfig.ofDefault() : null, ResilienceConfig.DEFAULT);
  }

  public boolean https() {
    return tls != null;
  }

  private static boolean isHttps(List<URI> targets) {
    return !targets.isEmpty() && "https".equalsIgnoreCase(targets.get(0).getScheme());
  }
}
