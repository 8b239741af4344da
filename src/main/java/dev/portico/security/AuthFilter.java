package dev.portico.security;

import dev.portico.config.RouteAuthConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import dev.portico.security.jwt.JwtVerifier;
import dev.portico.security.jwt.VerifiedJwt;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates and authorizes a request before anything else on its route: the first credential presented (bearer
 * token, then API key, then verified client certificate) decides, and a bad one is refused rather than skipped. On
 * success the {@link Identity} goes on the exchange; a token must also not be revoked, and the identity must hold the
 * route's scopes. Every refusal is a problem response (401 with {@code WWW-Authenticate}, 403, or 400 for an
 * ambiguous token) and the upstream receives nothing.
 */
public final class AuthFilter implements Filter {
  @Override
  public String name() {
    return "auth";
  }

  private final RouteAuthConfig config;
  private final JwtVerifier jwt;
  private final Map<String, List<String>> scopeClaims;
  private final BearerTokens tokens;
  private final ApiKeyAuthenticator apiKeys;
  private final String apiKeyHeader;
  private final RevocationList revocations;
  private final TenantResolver tenants;
  private final AuthFailures failures;

  /**
   * @param jwt          the route's token verifier, or {@code null} when it takes no tokens
   * @param scopeClaims  by issuer name, the claims holding its scopes and roles
   * @param apiKeys      the API key authenticator, or {@code null} when none is configured (keys are then refused)
   * @param apiKeyHeader the header API keys come in, to refuse them when no authenticator exists
   */
  AuthFilter(RouteAuthConfig config, JwtVerifier jwt, Map<String, List<String>> scopeClaims,
      ApiKeyAuthenticator apiKeys, String apiKeyHeader, RevocationList revocations, TenantResolver tenants) {
    this.config = config;
    this.jwt = jwt;
    this.scopeClaims = Map.copyOf(scopeClaims);
    this.tokens = new BearerTokens(config.tokenCookie(), config.tokenQuery());
    this.apiKeys = apiKeys;
    this.apiKeyHeader = apiKeyHeader;
    this.revocations = revocations;
    this.tenants = tenants;
    this.failures = new AuthFailures(jwt != null, config.apiKey());
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    try {
      return authenticate(exchange, chain);
    } catch (RuntimeException e) {
      // e.g. a failing authenticator: a failed future, so the dispatcher answers (500) and logs it once
      return Future.failedFuture(e);
    }
  }

  private Future<Void> authenticate(Exchange exchange, Chain chain) {
    HttpServerRequest request = exchange.request();
    if (jwt != null) {
      String token;
      try {
        token = tokens.find(request);
      } catch (BearerTokens.InvalidTokenRequest e) {
        return Future.failedFuture(failures.invalidRequest(e.getMessage()));
      }
      if (token != null) {
        if (token.isEmpty()) {
          return Future.failedFuture(failures.invalidToken("The bearer token is empty."));
        }
        Future<VerifiedJwt> verified = jwt.verify(token);
        if (verified.succeeded()) {
          return authenticated(exchange, chain, verified.result()); // the usual case: a cached token
        }
        // Only the verification's failure becomes a challenge; failures further down the chain pass unchanged.
        return verified
            .recover(e -> Future.failedFuture(challenged(e)))
            .compose(v -> authenticated(exchange, chain, v));
      }
    }
    if (config.apiKey()) {
      Identity identity;
      try {
        identity = apiKeys != null
            ? apiKeys.authenticate(exchange, config.apiKeyFromQuery())
            : noAuthenticator(request);
      } catch (GatewayException e) {
        return Future.failedFuture(e.code() == ErrorCode.UNAUTHENTICATED ? failures.invalidApiKey(e) : e);
      }
      if (identity != null) {
        if (identity.tenant() == null && tenants.fromHost(request) != null) {
          identity = new Identity(identity.method(), identity.subject(), identity.consumer(),
              tenants.fromHost(request), identity.plan(), identity.scopes(), identity.claims());
        }
        return authorized(exchange, chain, identity, false);
      }
    }
    if (config.mtls()) {
      String subject = ClientCertificates.subject(request);
      if (subject != null) {
        return authorized(exchange, chain,
            new Identity("mtls", subject, null, tenants.fromHost(request), null, Set.of(), Map.of()), false);
      }
    }
    return config.optional() ? chain.next(exchange) : Future.failedFuture(failures.missing());
  }

  private Throwable challenged(Throwable failure) {
    return failure instanceof GatewayException e && e.code() == ErrorCode.UNAUTHENTICATED
        ? failures.invalidToken(e.detail())
        : failure;
  }

  /** Without an authenticator no key can be valid: a presented key is refused, never ignored. */
  private Identity noAuthenticator(HttpServerRequest request) {
    if (request.headers().contains(apiKeyHeader)) {
      throw new GatewayException(ErrorCode.UNAUTHENTICATED, "API keys are not accepted: no consumers are configured.");
    }
    return null;
  }

  private Future<Void> authenticated(Exchange exchange, Chain chain, VerifiedJwt token) {
    // Revocation is only looked up for tokens that are otherwise valid, so forged ones cost no lookup.
    if (revocations.isRevoked(token)) {
      return Future.failedFuture(failures.invalidToken("The token has been revoked."));
    }
    Map<String, Object> claims = token.claims();
    String subject = token.subject() != null ? token.subject() : stringClaim(claims, "client_id", "azp");
    if (subject == null) {
      return Future.failedFuture(failures.invalidToken("The token names no subject."));
    }
    Set<String> scopes = ScopeClaims.read(claims, scopeClaims.getOrDefault(token.issuer(), List.of()));
    Identity identity = new Identity("jwt", subject, null, tenants.forClaims(claims, exchange.request()), null,
        scopes, withoutNulls(claims));
    return authorized(exchange, chain, identity, true);
  }

  private Future<Void> authorized(Exchange exchange, Chain chain, Identity identity, boolean bearer) {
    Set<String> granted = identity.scopes();
    if (!granted.containsAll(config.allOf())
        || !config.anyOf().isEmpty() && config.anyOf().stream().noneMatch(granted::contains)) {
      return Future.failedFuture(failures.insufficientScope(scopeDetail(), bearer));
    }
    exchange.set(Identity.KEY, identity);
    return chain.next(exchange);
  }

  private String scopeDetail() {
    StringBuilder sb = new StringBuilder("This route requires ");
    if (!config.allOf().isEmpty()) {
      sb.append("all of the scopes ").append(String.join(" ", config.allOf()));
    }
    if (!config.anyOf().isEmpty()) {
      sb.append(config.allOf().isEmpty() ? "" : " and ").append("one of the scopes ")
          .append(String.join(" ", config.anyOf()));
    }
    return sb.append('.').toString();
  }

  private static String stringClaim(Map<String, Object> claims, String... names) {
    for (String name : names) {
      if (claims.get(name) instanceof String s && !s.isEmpty()) {
        return s;
      }
    }
    return null;
  }

  /**
   * JSON nulls would break the immutable copy in {@link Identity}; an absent claim says the same. (Verified tokens
   * from {@code IssuerVerifier} have none, and their immutable map is then shared, not copied, per request.)
   */
  private static Map<String, Object> withoutNulls(Map<String, Object> claims) {
    for (Object value : claims.values()) {
      if (value == null) {
        Map<String, Object> out = new HashMap<>(claims);
        out.values().removeIf(v -> v == null);
        return out;
      }
    }
    return claims;
  }
}
