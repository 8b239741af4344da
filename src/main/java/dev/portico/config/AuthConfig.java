package dev.portico.config;

import java.util.Map;
import java.util.Objects;

/**
 * The top-level {@code auth} section: how credentials are verified, independently of which routes ask for them.
 *
 * @param jwt     token issuers by name (the YAML key), in YAML order; routes refer to them by name
 * @param apiKeys where clients present API keys
 * @param tenant  where a verified identity's tenant comes from, or {@code null} when tenants are not used
 */
public record AuthConfig(Map<String, JwtIssuerConfig> jwt, ApiKeysConfig apiKeys, TenantConfig tenant) {

  public AuthConfig {
    jwt = Immutables.orderedCopy(jwt);
    Objects.requireNonNull(apiKeys, "apiKeys");
  }

  /** No issuers, API keys in the default header, no tenants. */
  public static AuthConfig ofDefault() {
    return new AuthConfig(Map.of(), ApiKeysConfig.ofDefault(), null);
  }
}
