package dev.portico.config;

import java.util.Objects;

/**
 * A named plan that consumers are on ({@code plans.<name>}). Rate limiting reads its settings.
 *
 * @param rateLimit requests allowed per consumer on this plan, or {@code null} for no limit
 */
public record PlanConfig(String name, Rate rateLimit) {
  public PlanConfig {
    Objects.requireNonNull(name, "name");
  }
}
