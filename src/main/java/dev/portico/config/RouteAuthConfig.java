package dev.portico.config;

import java.util.List;

/**
 * A route's {@code auth} section: which credentials it accepts and what they must grant. A request is
 * authenticated by the first credential it presents, in the order JWT, API key, client certificate; a present but
 * invalid credential is refused, never skipped for the next one.
 *
 * @param jwt             issuer names whose tokens are accepted; empty = no JWT
 * @param apiKey          whether API keys are accepted
 * @param apiKeyFromQuery whether the key may come from the query parameter ({@code auth.apiKeys.queryParameter})
 * @param mtls            whether a verified client certificate authenticates on its own
 * @param allOf           scopes or roles that must all be granted
 * @param anyOf           scopes or roles of which at least one must be granted; empty = no such condition
 * @param tokenCookie     a cookie that may carry the token besides {@code Authorization: Bearer}, or {@code null}
 * @param tokenQuery      a query parameter that may carry the token, or {@code null}
 * @param optional        requests without any credential pass anonymously (invalid ones are still refused)
 */
public record RouteAuthConfig(List<String> jwt, boolean apiKey, boolean apiKeyFromQuery, boolean mtls,
    List<String> allOf, List<String> anyOf, String tokenCookie, String tokenQuery, boolean optional) {

  public RouteAuthConfig {
    jwt = List.copyOf(jwt);
    allOf = List.copyOf(allOf);
    anyOf = List.copyOf(anyOf);
    if (jwt.isEmpty() && !apiKey && !mtls) {
      throw new IllegalArgumentException("no credential accepted (expected: jwt, apiKey or mtls)");
    }
  }

  /** Whether any scope or role is required. */
  public boolean requiresScopes() {
    return !allOf.isEmpty() || !anyOf.isEmpty();
  }
}
