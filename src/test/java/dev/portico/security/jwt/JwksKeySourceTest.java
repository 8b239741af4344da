package dev.portico.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.error.GatewayException;
import dev.portico.testing.MutableClock;
import dev.portico.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JWKS cache on a fake clock and fake timers, against a fetcher the test answers by hand: when it fetches,
 * how often at most, what it remembers, and what it keeps when the endpoint fails.
 */
class JwksKeySourceTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration REFRESH = Duration.ofMinutes(5);
  private static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
  private static final Duration UNKNOWN_KID_TTL = Duration.ofMinutes(1);
  private static RSAKey k1;
  private static RSAKey k2;

  private MutableClock clock;
  private FakeTimers timers;
  private Endpoint endpoint;
  private JwksKeySource source;

  /** Records each fetch and leaves it pending until the test answers it. */
  static final class Endpoint implements JwksFetcher {
    final Deque<Promise<JwksDocument>> pending = new ArrayDeque<>();
    final List<URI> requests = new ArrayList<>();

    @Override
    public Future<JwksDocument> fetch(URI uri) {
      requests.add(uri);
      Promise<JwksDocument> p = Promise.promise();
      pending.add(p);
      return p.future();
    }

    void answer(String body, Duration maxAge) {
      pending.removeFirst().complete(new JwksDocument(body, maxAge));
    }

    void fail(String why) {
      pending.removeFirst().fail(why);
    }

    int count() {
      return requests.size();
    }
  }

  @BeforeAll
  static void keys() {
    k1 = TestTokens.rsa("k1");
    k2 = TestTokens.rsa("k2");
  }

  @BeforeEach
  void setUp() {
    clock = new MutableClock(T0);
    timers = new FakeTimers(clock);
    endpoint = new Endpoint();
    source = new JwksKeySource("main", URI.create("https://id/jwks"), Set.of(JWSAlgorithm.RS256), endpoint, timers,
        clock, REFRESH, MIN_INTERVAL, UNKNOWN_KID_TTL);
  }

  private void startWith(String jwks) {
    source.start();
    endpoint.answer(jwks, null);
  }

  @Test
  void start_fetchesOnce_andRequestsWaitForTheFirstFetch() {
    source.start();
    source.start();
    assertThat(endpoint.count()).isEqualTo(1);
    Future<VerificationKeys> waiting = source.keys("k1");
    assertThat(waiting.isComplete()).isFalse();
    endpoint.answer(TestTokens.jwks(k1), null);
    assertThat(waiting.result().hasKeyId("k1")).isTrue();
    assertThat(endpoint.count()).isEqualTo(1);
  }

  @Test
  void knownKeyId_isAnsweredFromTheCache() {
    startWith(TestTokens.jwks(k1));
    for (int i = 0; i < 100; i++) {
      assertThat(source.keys("k1").result().hasKeyId("k1")).isTrue();
      assertThat(source.keys(null).succeeded()).isTrue();
    }
    assertThat(endpoint.count()).isEqualTo(1);
  }

  @Test
  void refreshes_everyRefreshInterval_withoutMaxAge() {
    startWith(TestTokens.jwks(k1));
    assertThat(timers.nextDue()).isEqualTo(T0.plus(REFRESH));
    timers.advance(REFRESH);
    assertThat(endpoint.count()).isEqualTo(2);
    endpoint.answer(TestTokens.jwks(k1, k2), null);
    assertThat(source.keys("k2").result().hasKeyId("k2")).isTrue();
    assertThat(endpoint.count()).isEqualTo(2);
  }

  @Test
  void refreshes_beforeMaxAgeRunsOut_withinTheConfiguredBounds() {
    source.start();
    endpoint.answer(TestTokens.jwks(k1), Duration.ofSeconds(120));
    assertThat(timers.nextDue()).isEqualTo(T0.plusSeconds(90));
    timers.advance(Duration.ofSeconds(90));
    endpoint.answer(TestTokens.jwks(k1), Duration.ofDays(1));
    assertThat(timers.nextDue()).isEqualTo(T0.plusSeconds(90).plus(REFRESH));
    timers.advance(REFRESH);
    endpoint.answer(TestTokens.jwks(k1), Duration.ZERO);
    assertThat(timers.nextDue()).isEqualTo(clock.instant().plus(MIN_INTERVAL));
  }

  @Test
  void unknownKeyId_fetchesAgainOnce_thenIsRememberedUntilItsTtl() {
    startWith(TestTokens.jwks(k1));
    clock.advance(MIN_INTERVAL);
    Future<VerificationKeys> first = source.keys("forged");
    assertThat(endpoint.count()).isEqualTo(2);
    endpoint.answer(TestTokens.jwks(k1), null);
    assertThat(first.result().hasKeyId("forged")).isFalse();

    // Remembered: no fetch for it, even once the minimum interval has passed.
    clock.advance(MIN_INTERVAL.multipliedBy(2));
    for (int i = 0; i < 50; i++) {
      assertThat(source.keys("forged").succeeded()).isTrue();
    }
    assertThat(endpoint.count()).isEqualTo(2);
    assertThat(timers.nextDue()).isEqualTo(T0.plus(MIN_INTERVAL).plus(REFRESH));

    clock.advance(UNKNOWN_KID_TTL);
    source.keys("forged");
    assertThat(endpoint.count()).isEqualTo(3);
  }

  @Test
  void floodOfUnknownKeyIds_causesAtMostOneFetchPerInterval() {
    startWith(TestTokens.jwks(k1));
    clock.advance(MIN_INTERVAL);
    List<Future<VerificationKeys>> waiting = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      waiting.add(source.keys("forged-" + i));
    }
    // One fetch in flight; every request waits for that one.
    assertThat(endpoint.count()).isEqualTo(2);
    assertThat(waiting).allMatch(f -> !f.isComplete());
    endpoint.answer(TestTokens.jwks(k1), null);
    assertThat(waiting).allMatch(f -> f.succeeded() && !f.result().hasKeyId("forged-1"));

    // Within the interval, new forged ids cause no fetch: at most one, when the interval is over.
    for (int second = 0; second < 60; second++) {
      for (int i = 0; i < 100; i++) {
        source.keys("forged-" + second + "-" + i);
      }
      timers.advance(Duration.ofSeconds(1));
      endpoint.pending.forEach(p -> p.tryComplete(new JwksDocument(TestTokens.jwks(k1), null)));
      endpoint.pending.clear();
    }
    // 60 s at one fetch per 10 s at most, plus the two above.
    assertThat(endpoint.count()).isBetween(3, 2 + 6);
  }

  @Test
  void keyIdUnknownWithinTheInterval_isLookedUpWhenTheIntervalEnds() {
    startWith(TestTokens.jwks(k1));
    clock.advance(Duration.ofSeconds(3));
    assertThat(source.keys("k2").result().hasKeyId("k2")).isFalse();
    assertThat(endpoint.count()).isEqualTo(1);
    assertThat(timers.nextDue()).isEqualTo(T0.plus(MIN_INTERVAL));
    timers.advance(Duration.ofSeconds(7));
    assertThat(endpoint.count()).isEqualTo(2);
    endpoint.answer(TestTokens.jwks(k1, k2), null);
    assertThat(source.keys("k2").result().hasKeyId("k2")).isTrue();
  }

  @Test
  void rotation_newKeyIdTriggersAFetch_andIsAccepted() {
    startWith(TestTokens.jwks(k1));
    clock.advance(Duration.ofSeconds(30));
    Future<VerificationKeys> rotated = source.keys("k2");
    endpoint.answer(TestTokens.jwks(k2), null);
    assertThat(rotated.result().hasKeyId("k2")).isTrue();
    assertThat(source.keys("k1").isComplete()).isTrue();
  }

  @Test
  void endpointDown_keepsTheLastGoodKeys_andRetriesWithBackoff() {
    startWith(TestTokens.jwks(k1));
    timers.advance(REFRESH);
    endpoint.fail("connection refused");
    assertThat(source.keys("k1").result().hasKeyId("k1")).isTrue();
    assertThat(timers.nextDue()).isEqualTo(clock.instant().plus(MIN_INTERVAL));
    timers.advance(MIN_INTERVAL);
    endpoint.answer("this is not JSON", null);
    assertThat(timers.nextDue()).isEqualTo(clock.instant().plus(MIN_INTERVAL.multipliedBy(2)));
    timers.advance(MIN_INTERVAL.multipliedBy(2));
    endpoint.answer("{\"keys\":[]}", null);
    assertThat(source.keys("k1").result().hasKeyId("k1")).isTrue();
    assertThat(timers.nextDue()).isEqualTo(clock.instant().plus(MIN_INTERVAL.multipliedBy(4)));
    timers.advance(MIN_INTERVAL.multipliedBy(4));
    endpoint.answer(TestTokens.jwks(k2), null);
    assertThat(source.keys("k2").result().hasKeyId("k2")).isTrue();
    assertThat(timers.nextDue()).isEqualTo(clock.instant().plus(REFRESH));
  }

  @Test
  void noKeysEver_refusesWithUnauthenticated() {
    source.start();
    Future<VerificationKeys> waiting = source.keys("k1");
    endpoint.fail("connection refused");
    assertThat(waiting.failed()).isTrue();
    assertThat(waiting.cause()).isInstanceOf(GatewayException.class)
        .hasMessage("The issuer's signing keys are not available.");
    // Within the interval nothing more is asked; after it, a request may try again.
    assertThat(source.keys("k1").failed()).isTrue();
    assertThat(endpoint.count()).isEqualTo(1);
    clock.advance(MIN_INTERVAL);
    Future<VerificationKeys> retry = source.keys("k1");
    assertThat(endpoint.count()).isEqualTo(2);
    endpoint.answer(TestTokens.jwks(k1), null);
    assertThat(retry.result().hasKeyId("k1")).isTrue();
  }

  @Test
  void stop_cancelsTheRefresh_andFetchesNoMore() {
    startWith(TestTokens.jwks(k1));
    source.stop();
    assertThat(timers.pendingCount()).isZero();
    clock.advance(Duration.ofHours(1));
    assertThat(source.keys("k2").result().hasKeyId("k1")).isTrue();
    assertThat(endpoint.count()).isEqualTo(1);
  }

  @Test
  void keysOfTheWrongKindInTheJwks_areLeftOut() throws Exception {
    RSAKey encryption = new RSAKey.Builder(k2.toRSAPublicKey()).keyID("enc")
        .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).build();
    String symmetric = "{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}";
    startWith(TestTokens.jwks(k1, encryption).replace("]}", "," + symmetric + "]}"));
    assertThat(source.keys("h").result().hasKeyId("h")).isFalse();
    assertThat(source.keys("enc").result().hasKeyId("enc")).isFalse();
    assertThat(source.keys("k1").result().candidates("k1", JWSAlgorithm.RS256)).hasSize(1);
  }
}
