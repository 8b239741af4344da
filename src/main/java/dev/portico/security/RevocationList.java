package dev.portico.security;

import dev.portico.security.jwt.VerifiedJwt;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * Revoked tokens: by {@code jti}, or every token of a subject issued before a time. The check is
 * local and synchronous (the hot path); a cluster-wide implementation keeps its local view current
 * from Redis. Only tokens that are otherwise valid are checked.
 */
public interface RevocationList {

  /** Whether this otherwise valid token has been revoked. */
  boolean isRevoked(VerifiedJwt token);

  /** Revokes one token until it would have expired anyway. */
  Future<Void> revokeToken(String jwtId, Instant expiresAt);

  /** Revokes every token of {@code subject} issued before {@code before}. */
  Future<Void> revokeSubject(String subject, Instant before);
}
