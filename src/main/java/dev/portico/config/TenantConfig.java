package dev.portico.config;

/**
 * Where the tenant of a verified identity comes from ({@code auth.tenant}); exactly one is set.
 *
 * @param claim       a token claim holding the tenant id, e.g. {@code tid}
 * @param subdomainOf a domain whose first-level subdomains name tenants: {@code acme.example.com} is tenant
 *                    {@code acme} when this is {@code example.com}; lower case
 */
public record TenantConfig(String claim, String subdomainOf) {

  public TenantConfig {
    if ((claim == null) == (subdomainOf == null)) {
      throw new IllegalArgumentException("exactly one of claim and subdomainOf (expected: one)");
    }
  }
}
