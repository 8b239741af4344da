package dev.portico.security.jwt;

import io.vertx.core.Future;

/** Where an issuer's verification keys come from: static configuration or a JWKS endpoint. */
interface KeySource {

  /**
   * The keys to try for a token with this key id ({@code null} when the token has none). Completes at once when the
   * keys are known; may wait for a fetch. Fails with {@code UNAUTHENTICATED} when no keys are available at all.
   */
  Future<VerificationKeys> keys(String keyId);

  /** Begins fetching and refreshing, if this source does. */
  default void start() {}

  /** Stops refreshing; keys already held keep serving requests still in flight. */
  default void stop() {}
}
