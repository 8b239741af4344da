package dev.portico.security.jwt;

import io.vertx.core.Future;

/** Keys written in the config: known from the start and never refreshed. */
final class StaticKeySource implements KeySource {
  private final Future<VerificationKeys> keys;

  StaticKeySource(VerificationKeys keys) {
    this.keys = Future.succeededFuture(keys);
  }

  @Override
  public Future<VerificationKeys> keys(String keyId) {
    return keys;
  }
}
