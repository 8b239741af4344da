package dev.portico.security.revocation;

import dev.portico.config.ClusterConfig;
import dev.portico.security.RevocationList;
import dev.portico.security.jwt.VerifiedJwt;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocation list of a single instance, and the local mirror of the cluster-wide one. Checks read two
 * concurrent maps and never wait.
 *
 * <p>Entries are forgotten once they can no longer refuse anything, so the maps hold only what was revoked within
 * one token lifetime: a revoked id once the token would have expired anyway, a subject cut-off once every token
 * issued before it has expired, which is bounded by {@code maxTokenLifetime}. Expired entries are swept on writes,
 * at most once a minute, so a bulk load does not rescan the maps for each entry.
 */
public final class InMemoryRevocationList implements RevocationList {
  private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final Map<String, Instant> revokedIds = new ConcurrentHashMap<>();
  private final Map<String, Instant> subjectsRevokedBefore = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration maxTokenLifetime;
  private volatile Instant nextSweep;

  public InMemoryRevocationList(Clock clock, Duration maxTokenLifetime) {
    this.clock = clock;
    this.maxTokenLifetime = maxTokenLifetime;
    this.nextSweep = clock.instant().plus(SWEEP_INTERVAL);
  }

  public InMemoryRevocationList(Clock clock) {
    this(clock, ClusterConfig.DEFAULT_MAX_TOKEN_LIFETIME);
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

  /**
   * Records a token revocation (also used to mirror revocations made on other instances). A later expiry
   * replaces an earlier one; one already past is ignored.
   *
   * @return whether the list changed
   */
  public boolean applyTokenRevocation(String jwtId, Instant expiresAt) {
    sweepIfDue();
    if (!expiresAt.isAfter(clock.instant())) {
      return false;
    }
    return merge(revokedIds, jwtId, expiresAt);
  }

  /**
   * Records a subject revocation; a later cut-off replaces an earlier one. One older than {@code maxTokenLifetime}
   * is ignored: every token it could refuse has expired.
   *
   * @return whether the list changed
   */
  public boolean applySubjectRevocation(String subject, Instant before) {
    sweepIfDue();
    if (!before.plus(maxTokenLifetime).isAfter(clock.instant())) {
      return false;
    }
    return merge(subjectsRevokedBefore, subject, before);
  }

  private static boolean merge(Map<String, Instant> map, String key, Instant value) {
    Instant[] previous = new Instant[1];
    Instant merged = map.merge(key, value, (a, b) -> {
      previous[0] = a;
      return a.isAfter(b) ? a : b;
    });
    return previous[0] == null || !previous[0].equals(merged);
  }

  /** A copy of the revoked token ids with their expiry. */
  public Map<String, Instant> revokedTokens() {
    return Map.copyOf(revokedIds);
  }

  /** A copy of the subject cut-offs. */
  public Map<String, Instant> revokedSubjects() {
    return Map.copyOf(subjectsRevokedBefore);
  }

  public int tokenCount() {
    return revokedIds.size();
  }

  public int subjectCount() {
    return subjectsRevokedBefore.size();
  }

  /** The longest token lifetime: how long a subject cut-off is kept. */
  public Duration maxTokenLifetime() {
    return maxTokenLifetime;
  }

  /** Drops the entries that can no longer refuse any token. */
  public void forgetExpired() {
    Instant now = clock.instant();
    nextSweep = now.plus(SWEEP_INTERVAL);
    revokedIds.values().removeIf(expiry -> !expiry.isAfter(now));
    Instant oldestUseful = now.minus(maxTokenLifetime);
    subjectsRevokedBefore.values().removeIf(before -> !before.isAfter(oldestUseful));
  }

  /** {@link #forgetExpired()} if the last sweep was more than a minute ago. */
  public void forgetExpiredIfDue() {
    sweepIfDue();
  }

  private void sweepIfDue() {
    if (!clock.instant().isBefore(nextSweep)) {
      forgetExpired();
    }
  }
}
