package dev.portico.security.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.cluster.RedisClient;
import dev.portico.cluster.RedisState;
import dev.portico.cluster.RedisUnavailableException;
import dev.portico.config.RedisConfig;
import dev.portico.config.RedisMode;
import dev.portico.security.jwt.VerifiedJwt;
import dev.portico.testing.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several gateway instances' revocation lists on one real redis-server: what one revokes, the others refuse,
 * whatever happens to Redis in between.
 */
class RedisRevocationListIT {
  /** The promise: a revocation on one instance holds on all within a second. */
  private static final Duration PROPAGATION = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final List<RedisClient> clients = new ArrayList<>();
  private final List<RedisRevocationList> lists = new ArrayList<>();
  private Vertx vertx;
  private RedisServerProcess redis;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    redis = RedisServerProcess.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    lists.forEach(RedisRevocationList::close);
    for (RedisClient client : clients) {
      await(client.close());
    }
    await(vertx.close());
    redis.close();
  }

  private RedisRevocationList instance() {
    return instance(redis.url());
  }

  private RedisRevocationList instance(String url) {
    RedisConfig config = new RedisConfig(List.of(url), RedisMode.STANDALONE, RedisConfig.DEFAULT_MASTER_NAME,
        null, null, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(200),
        Duration.ofMillis(100), "test:");
    RedisClient client = RedisClient.start(vertx, config);
    clients.add(client);
    RedisRevocationList list = RedisRevocationList.start(vertx, client,
        new InMemoryRevocationList(Clock.systemUTC(), Duration.ofDays(1)), Clock.systemUTC());
    lists.add(list);
    return list;
  }

  /** Connected, subscribed and loaded. */
  private static void awaitSynced(RedisRevocationList list) throws InterruptedException {
    awaitTrue(() -> list.redis().isUp() && list.subscriber().state() == RedisState.UP && list.lastSync() != null,
        WAIT, "instance synchronised with Redis");
  }

  private static VerifiedJwt token(String subject, String jti, Instant issuedAt) {
    return new VerifiedJwt("main", subject, jti, issuedAt, issuedAt.plus(1, ChronoUnit.HOURS), Map.of());
  }

  private static Instant inAnHour() {
    return Instant.now().plus(1, ChronoUnit.HOURS);
  }

  @Test
  void tokenRevokedOnOneInstance_isRefusedByTheOther_withinASecond() throws Exception {
    RedisRevocationList a = instance();
    RedisRevocationList b = instance();
    awaitSynced(a);
    awaitSynced(b);
    VerifiedJwt stolen = token("alice", "jti-1", Instant.now());
    assertThat(b.isRevoked(stolen)).isFalse();

    await(a.revokeToken("jti-1", inAnHour()));

    assertThat(a.isRevoked(stolen)).isTrue();
    awaitTrue(() -> b.isRevoked(stolen), PROPAGATION, "B refuses the token A revoked");
    assertThat(b.isRevoked(token("alice", "jti-2", Instant.now()))).isFalse();
  }

  @Test
  void subjectCutOffOnOneInstance_refusesOlderTokensOnTheOther_butNotNewerOnesOrOtherSubjects() throws Exception {
    RedisRevocationList a = instance();
    RedisRevocationList b = instance();
    awaitSynced(a);
    awaitSynced(b);
    Instant cutOff = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    VerifiedJwt older = token("bob", "old", cutOff.minusSeconds(60));
    VerifiedJwt newer = token("bob", "new", cutOff.plusSeconds(1));

    await(a.revokeSubject("bob", cutOff));

    awaitTrue(() -> b.isRevoked(older), PROPAGATION, "B refuses bob's older token");
    assertThat(b.isRevoked(newer)).isFalse();
    assertThat(b.isRevoked(token("carol", "other", cutOff.minusSeconds(60)))).isFalse();
  }

  @Test
  void anInstanceStartedLater_loadsWhatWasRevokedBeforeIt() throws Exception {
    RedisRevocationList a = instance();
    awaitSynced(a);
    await(a.revokeToken("early", inAnHour()));
    await(a.revokeSubject("dave", Instant.now()));

    RedisRevocationList late = instance();
    awaitSynced(late);

    assertThat(late.isRevoked(token("x", "early", Instant.now()))).isTrue();
    assertThat(late.isRevoked(token("dave", "any", Instant.now().minusSeconds(10)))).isTrue();
  }

  @Test
  void redisRestartedEmpty_revocationsSurvive_andNewOnesPropagateAgain() throws Exception {
    RedisRevocationList a = instance();
    RedisRevocationList b = instance();
    awaitSynced(a);
    awaitSynced(b);
    await(a.revokeToken("before-crash", inAnHour()));
    awaitTrue(() -> b.isRevoked(token("x", "before-crash", Instant.now())), PROPAGATION, "B has it");
    Instant firstSyncOfA = a.lastSync();

    redis.restart(); // nothing persisted: Redis comes back empty
    awaitTrue(() -> a.lastSync().isAfter(firstSyncOfA), WAIT, "A resynchronised after the restart");
    awaitSynced(b);

    // Both still refuse what they knew, and the instances wrote it back for newcomers.
    assertThat(a.isRevoked(token("x", "before-crash", Instant.now()))).isTrue();
    assertThat(b.isRevoked(token("x", "before-crash", Instant.now()))).isTrue();
    awaitTrue(() -> zscore("test:revoked:jti", "before-crash") != null, WAIT, "written back to Redis");
    RedisRevocationList c = instance();
    awaitSynced(c);
    assertThat(c.isRevoked(token("x", "before-crash", Instant.now()))).isTrue();

    await(a.revokeToken("after-restart", inAnHour()));
    awaitTrue(() -> b.isRevoked(token("x", "after-restart", Instant.now())), PROPAGATION, "B gets the new one");
    awaitTrue(() -> c.isRevoked(token("x", "after-restart", Instant.now())), PROPAGATION, "C gets the new one");
  }

  @Test
  void revokedWhileRedisIsDown_holdsLocallyAtOnce_andReachesTheOthersWhenRedisIsBack() throws Exception {
    RedisRevocationList a = instance();
    RedisRevocationList b = instance();
    awaitSynced(a);
    awaitSynced(b);
    VerifiedJwt stolen = token("erin", "during-outage", Instant.now());

    redis.kill();
    awaitTrue(() -> a.redis().state() == RedisState.DOWN, WAIT, "A sees Redis down");
    Throwable failure = failure(a.revokeToken("during-outage", inAnHour()));

    assertThat(failure).isInstanceOf(RedisUnavailableException.class);
    assertThat(a.isRevoked(stolen)).as("holds on A while Redis is down").isTrue();
    assertThat(b.isRevoked(stolen)).isFalse();

    redis.restart();
    awaitTrue(() -> b.isRevoked(stolen), WAIT, "B refuses it once Redis is back");
  }

  @Test
  void anInstanceStartedWhileRedisIsDown_catchesUpWhenRedisAppears() throws Exception {
    int port = RedisServerProcess.freePort();
    try (RedisServerProcess later = RedisServerProcess.notStarted(port)) {
      String url = "redis://127.0.0.1:" + port + "/0";
      RedisRevocationList a = instance(url);
      awaitTrue(() -> a.redis().state() == RedisState.DOWN, WAIT, "A sees no Redis");
      assertThat(a.isRevoked(token("x", "y", Instant.now()))).isFalse();
      a.revokeToken("from-a-while-down", inAnHour());

      later.restart();
      awaitSynced(a);
      RedisRevocationList b = instance(url);
      awaitSynced(b);
      assertThat(b.isRevoked(token("x", "from-a-while-down", Instant.now()))).isTrue();

      await(b.revokeToken("from-b", inAnHour()));
      awaitTrue(() -> a.isRevoked(token("x", "from-b", Instant.now())), PROPAGATION, "A gets B's revocation");
    }
  }

  @Test
  void redisKeepsOnlyWhatCanStillRefuseSomething() throws Exception {
    RedisRevocationList a = instance();
    awaitSynced(a);

    await(a.revokeToken("live", inAnHour()));
    await(a.revokeToken("already-expired", Instant.now().minusSeconds(5)));
    await(a.revokeSubject("recent", Instant.now()));
    await(a.revokeSubject("ancient", Instant.now().minus(Duration.ofDays(2)))); // older than maxTokenLifetime

    assertThat(zscore("test:revoked:jti", "live")).isNotNull();
    assertThat(zscore("test:revoked:jti", "already-expired")).isNull();
    assertThat(zscore("test:revoked:sub", "recent")).isNotNull();
    assertThat(zscore("test:revoked:sub", "ancient")).isNull();
  }

  @Test
  void aLaterExpiryOrCutOffReplacesAnEarlierOne_neverTheReverse() throws Exception {
    RedisRevocationList a = instance();
    awaitSynced(a);
    Instant soon = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    Instant later = soon.plus(1, ChronoUnit.HOURS);

    await(a.revokeToken("t", later));
    await(a.revokeToken("t", soon));

    assertThat(zscore("test:revoked:jti", "t")).isEqualTo(later.toEpochMilli());
    assertThat(a.mirror().revokedTokens()).containsEntry("t", later);
  }

  private Long zscore(String key, String member) {
    RedisClient client = clients.get(0);
    try {
      var reply = await(client.send(Request.cmd(Command.ZSCORE).arg(key).arg(member)));
      return reply == null ? null : reply.toDouble().longValue();
    } catch (Exception e) {
      return null;
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  static Throwable failure(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  static void awaitTrue(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not within " + within + ": " + what);
      }
      Thread.sleep(5);
    }
  }
}
