package dev.portico.security.jwt;

import io.vertx.core.Future;

/**
 * Verifies compact JWS tokens for one configured issuer. Fails the future with a
 * {@link dev.portico.error.GatewayException} of code {@code UNAUTHENTICATED} whose detail says what
 * was wrong (without echoing the token). Safe to call from any event loop; never blocks.
 */
public interface JwtVerifier {
  Future<VerifiedJwt> verify(String compactToken);
}
