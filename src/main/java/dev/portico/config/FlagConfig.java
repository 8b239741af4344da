package dev.portico.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A per-tenant feature flag of a route ({@code flags[i]}): requests whose verified tenant is listed go to
 * {@code upstream} instead of the route's upstream or split.
 *
 * @param name     unique within the route; shown by {@code portico routes}
 * @param tenants  tenant names as {@code Identity.tenant()} carries them, compared exactly
 * @param upstream the upstream those tenants are sent to
 */
public record FlagConfig(String name, Set<String> tenants, String upstream) {
  public FlagConfig {
    Objects.requireNonNull(name, "name");
    tenants = Collections.unmodifiableSet(new LinkedHashSet<>(tenants)); // YAML order, for listings
    Objects.requireNonNull(upstream, "upstream");
  }
}
