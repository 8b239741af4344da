package dev.portico.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The headers that carry the verified identity to upstreams ({@code identityHeaders}). Whatever a
 * client sends under these names is removed on every route.
 *
 * @param claims JWT claim name to header name; none by default
 */
public record IdentityHeadersConfig(String subject, String tenant, String consumer, String plan,
    String scopes, Map<String, String> claims) {

  public static final String DEFAULT_SUBJECT = "X-User-Id";
  public static final String DEFAULT_TENANT = "X-Tenant-Id";
  public static final String DEFAULT_CONSUMER = "X-Consumer-Id";
  public static final String DEFAULT_PLAN = "X-Plan";
  public static final String DEFAULT_SCOPES = "X-Scopes";

  public IdentityHeadersConfig {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(scopes, "scopes");
    claims = Immutables.orderedCopy(claims);
  }

  public static IdentityHeadersConfig ofDefault() {
    return new IdentityHeadersConfig(DEFAULT_SUBJECT, DEFAULT_TENANT, DEFAULT_CONSUMER, DEFAULT_PLAN,
        DEFAULT_SCOPES, Map.of());
  }

  /** Every header name this config uses, fixed ones first. */
  public List<String> headerNames() {
    List<String> names = new ArrayList<>(List.of(subject, tenant, consumer, plan, scopes));
    names.addAll(claims.values());
    return names;
  }
}
