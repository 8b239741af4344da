package dev.portico.security;

import dev.portico.config.AuthConfig;
import dev.portico.config.JwtIssuerConfig;
import dev.portico.config.RouteAuthConfig;
import dev.portico.security.jwt.IssuerVerifier;
import dev.portico.security.jwt.JwtVerifier;
import dev.portico.security.jwt.MultiIssuerVerifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds each route's {@link AuthFilter} from one compiled config: its verifiers, authenticator and revocations. */
public final class AuthFilters {
  private final AuthConfig auth;
  private final Map<String, IssuerVerifier> verifiers;
  private final ApiKeyAuthenticator apiKeys;
  private final RevocationList revocations;
  private final TenantResolver tenants;

  /**
   * @param verifiers by issuer name, one per {@code auth.jwt} entry
   * @param apiKeys   the consumers' API key authenticator, or {@code null} when there is none
   */
  public AuthFilters(AuthConfig auth, Map<String, IssuerVerifier> verifiers, ApiKeyAuthenticator apiKeys,
      RevocationList revocations) {
    this.auth = auth;
    this.verifiers = Map.copyOf(verifiers);
    this.apiKeys = apiKeys;
    this.revocations = revocations;
    this.tenants = new TenantResolver(auth.tenant());
  }

  /** @throws IllegalArgumentException naming an issuer the config does not define */
  public AuthFilter forRoute(RouteAuthConfig route) {
    JwtVerifier jwt = null;
    Map<String, List<String>> scopeClaims = new LinkedHashMap<>();
    if (!route.jwt().isEmpty()) {
      List<IssuerVerifier> list = new ArrayList<>();
      for (String name : route.jwt()) {
        IssuerVerifier v = verifiers.get(name);
        if (v == null) {
          throw new IllegalArgumentException("\"" + name + "\" is not a defined issuer");
        }
        list.add(v);
        JwtIssuerConfig config = v.config();
        scopeClaims.put(config.name(), config.scopeClaims());
      }
      jwt = MultiIssuerVerifier.anyOf(list);
    }
    return new AuthFilter(route, jwt, scopeClaims, apiKeys, auth.apiKeys().header(), revocations, tenants);
  }

  /** Whether API keys can be checked at all; routes taking them refuse every key otherwise. */
  public boolean hasApiKeyAuthenticator() {
    return apiKeys != null;
  }
}
