package dev.portico.security.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.security.jwt.VerifiedJwt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mirror's rules: what is refused, which revocation wins, and what is forgotten when. */
class InMemoryRevocationListTest {
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration LIFETIME = Duration.ofHours(24);

  private final TestClock clock = new TestClock(T0);
  private final InMemoryRevocationList list = new InMemoryRevocationList(clock, LIFETIME);

  private static VerifiedJwt token(String subject, String jti, Instant issuedAt) {
    return new VerifiedJwt("main", subject, jti, issuedAt, issuedAt == null ? null : issuedAt.plusSeconds(3600),
        Map.of());
  }

  @Test
  void revokedId_refusesThatTokenOnly() {
    list.applyTokenRevocation("a", T0.plusSeconds(600));

    assertThat(list.isRevoked(token("alice", "a", T0))).isTrue();
    assertThat(list.isRevoked(token("alice", "b", T0))).isFalse();
    assertThat(list.isRevoked(token("alice", null, T0))).isFalse();
  }

  @Test
  void subjectCutOff_refusesTokensIssuedBefore_notAtOrAfter_norOtherSubjects() {
    list.applySubjectRevocation("bob", T0);

    assertThat(list.isRevoked(token("bob", "x", T0.minusSeconds(1)))).isTrue();
    assertThat(list.isRevoked(token("bob", "x", T0))).isFalse();
    assertThat(list.isRevoked(token("bob", "x", T0.plusSeconds(1)))).isFalse();
    assertThat(list.isRevoked(token("carol", "x", T0.minusSeconds(1)))).isFalse();
  }

  @Test
  void subjectCutOff_refusesATokenWithoutIssuedAt() {
    list.applySubjectRevocation("bob", T0);

    assertThat(list.isRevoked(token("bob", "x", null))).isTrue();
  }

  @Test
  void laterCutOffReplacesAnEarlierOne_anEarlierOneChangesNothing() {
    assertThat(list.applySubjectRevocation("bob", T0)).isTrue();
    assertThat(list.applySubjectRevocation("bob", T0.minusSeconds(60))).isFalse();
    assertThat(list.revokedSubjects()).containsEntry("bob", T0);

    assertThat(list.applySubjectRevocation("bob", T0.plusSeconds(60))).isTrue();
    assertThat(list.isRevoked(token("bob", "x", T0.plusSeconds(30)))).isTrue();
  }

  @Test
  void laterExpiryReplacesAnEarlierOne_theSameOneChangesNothing() {
    assertThat(list.applyTokenRevocation("a", T0.plusSeconds(60))).isTrue();
    assertThat(list.applyTokenRevocation("a", T0.plusSeconds(60))).isFalse();
    assertThat(list.applyTokenRevocation("a", T0.plusSeconds(30))).isFalse();
    assertThat(list.applyTokenRevocation("a", T0.plusSeconds(120))).isTrue();
    assertThat(list.revokedTokens()).containsEntry("a", T0.plusSeconds(120));
  }

  @Test
  void revocationsThatCanRefuseNothing_areNotStored() {
    assertThat(list.applyTokenRevocation("expired", T0.minusSeconds(1))).isFalse();
    assertThat(list.applySubjectRevocation("ancient", T0.minus(LIFETIME))).isFalse();

    assertThat(list.tokenCount()).isZero();
    assertThat(list.subjectCount()).isZero();
  }

  @Test
  void revokedIdIsForgottenOnceTheTokenHasExpired() {
    list.applyTokenRevocation("a", T0.plusSeconds(60));
    list.applyTokenRevocation("b", T0.plusSeconds(600));

    clock.set(T0.plusSeconds(61));
    list.forgetExpired();

    assertThat(list.revokedTokens()).containsOnlyKeys("b");
  }

  @Test
  void subjectCutOffIsForgottenAfterTheLongestTokenLifetime() {
    list.applySubjectRevocation("bob", T0);

    clock.set(T0.plus(LIFETIME).minusSeconds(1));
    list.forgetExpired();
    assertThat(list.revokedSubjects()).containsKey("bob");

    clock.set(T0.plus(LIFETIME));
    list.forgetExpired();
    assertThat(list.revokedSubjects()).isEmpty();
  }

  @Test
  void writesSweepExpiredEntries_atMostOnceAMinute() {
    list.applyTokenRevocation("short", T0.plusSeconds(10));

    clock.set(T0.plusSeconds(30));
    list.applyTokenRevocation("other", T0.plusSeconds(600));
    assertThat(list.revokedTokens()).as("swept less than a minute ago").containsKey("short");

    clock.set(T0.plusSeconds(61));
    list.applyTokenRevocation("third", T0.plusSeconds(600));
    assertThat(list.revokedTokens()).containsOnlyKeys("other", "third");
  }

  @Test
  void revokeMethodsCompleteAtOnce() {
    assertThat(list.revokeToken("a", T0.plusSeconds(60)).succeeded()).isTrue();
    assertThat(list.revokeSubject("bob", T0).succeeded()).isTrue();
    assertThat(list.isRevoked(token("bob", "z", T0.minusSeconds(1)))).isTrue();
  }

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
