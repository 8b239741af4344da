package dev.portico.config;

/**
 * How an upstream protects itself and its callers.
 *
 * @param health         active health checks, or {@code null} for none (passive ejection always applies)
 * @param circuitBreaker per-target breakers, or {@code null} for none
 * @param retry          when calls are retried
 * @param maxInFlight    requests in flight to the whole upstream beyond which calls get 503 at once;
 *                       {@code null} = no cap
 */
public record ResilienceConfig(HealthCheckConfig health, CircuitBreakerConfig circuitBreaker, RetryConfig retry,
    Integer maxInFlight) {

  public static final ResilienceConfig DEFAULT = new ResilienceConfig(null, null, RetryConfig.DEFAULT, null);
}
