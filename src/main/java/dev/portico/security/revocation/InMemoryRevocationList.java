package dev.portico.security.revocation;

import dev.portico.security.RevocationList;
import dev.portico.security.jwt.VerifiedJwt;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocation list of a single instance. Revoked ids are forgotten once the token would have
 * expired anyway, so the map holds at most the tokens revoked within one token lifetime.
 */
public final class InMemoryRevocationList implements RevocationList {
  private final Map<String, Instant> revokedIds = new ConcurrentHashMap<>();
  private final Map<String, Instant> subjectsRevokedBefore = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryRevocationList(Clock clock) {
    this.clock = clock;
  }

  public InMemoryRevocationList() {
    this(Clock.systemUTC());
  }

  @Override
  public boolean isRevoked(VerifiedJwt token) {
    if (token.jwtId() != null && revokedIds.containsKey(token.jwtId())) {
      return true;
    }
    if (token.subject() != null && !subjectsRevokedBefore.isEmpty()) {
      Instant before = subjectsRevokedBefore.get(token.subject());
      // A token without iat cannot prove it was issued after the cut-off.
      return before != null && (token.issuedAt() == null || token.issuedAt().isBefore(before));
    }
    return false;
  }

  @Override
  public Future<Void> revokeToken(String jwtId, Instant expiresAt) {
    applyTokenRevocation(jwtId, expiresAt);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> revokeSubject(String subject, Instant before) {
    applySubjectRevocation(subject, before);
    return Future.succeededFuture();
  }

  /** Records a token revocation (also used to mirror revocations made on other instances). */
  public void applyTokenRevocation(String jwtId, Instant expiresAt) {
    revokedIds.merge(jwtId, expiresAt, (a, b) -> a.isAfter(b) ? a : b);
    forgetExpired();
  }

  /** Records a subject revocation; a later cut-off replaces an earlier one. */
  public void applySubjectRevocation(String subject, Instant before) {
    subjectsRevokedBefore.merge(subject, before, (a, b) -> a.isAfter(b) ? a : b);
  }

  private void forgetExpired() {
    Instant now = clock.instant();
    revokedIds.values().removeIf(expiry -> expiry.isBefore(now));
  }
}
