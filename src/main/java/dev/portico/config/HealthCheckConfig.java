package dev.portico.config;

import java.time.Duration;

/**
 * Active health checking of an upstream's targets ({@code upstreams.*.health}).
 *
 * @param path               requested with GET; any 2xx or 3xx answer passes
 * @param interval           time between checks of one target
 * @param timeout            a check that takes longer fails
 * @param healthyThreshold   consecutive passes that bring an unhealthy target back
 * @param unhealthyThreshold consecutive failures that take a healthy target out
 */
public record HealthCheckConfig(String path, Duration interval, Duration timeout, int healthyThreshold,
    int unhealthyThreshold) {}
