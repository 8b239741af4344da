package dev.portico.upstream.health;

import java.time.Duration;

/**
 * Active health checking of an upstream's targets.
 *
 * @param path               requested with GET; any 2xx or 3xx answer passes
 * @param interval           time between checks of one target
 * @param timeout            a check that takes longer fails
 * @param healthyThreshold   consecutive passes that bring an unhealthy target back
 * @param unhealthyThreshold consecutive failures that take a healthy target out
 */
public record HealthCheckPolicy(String path, Duration interval, Duration timeout, int healthyThreshold,
    int unhealthyThreshold) {}
