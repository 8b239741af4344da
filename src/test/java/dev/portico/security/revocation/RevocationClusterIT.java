package dev.portico.security.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.security.jwt.VerifiedJwt;
import dev.portico.testing.Http;
import dev.portico.testing.RedisServerProcess;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two (or three) gateways in one JVM sharing one real redis-server: a revocation made through one instance's
 * admin API is refused by the others within a second, and keeps working through Redis crashes, restarts and an
 * instance started while Redis is away. Checked at the revocation-list level until the JWT filter lands.
 */
class RevocationClusterIT {
  private static final Duration PROPAGATION = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofSeconds(20);

  static Vertx vertx;
  static TestUpstream backend;

  @BeforeAll
  static void startBackend() {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
  }

  @AfterAll
  static void stopBackend() {
    backend.close();
    vertx.close();
  }

  static TestGateway gateway(int redisPort) {
    return TestGateway.start("""
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: api, match: { path: /api/** }, upstream: backend }
        cluster:
          redis:
            url: redis://127.0.0.1:%d/0
            commandTimeout: 500ms
            reconnect: { initialDelay: 20ms, maxDelay: 200ms }
            healthCheckInterval: 100ms
            keyPrefix: "it:"
        """.formatted(backend.url(), redisPort));
  }

  static HttpResponse<String> revoke(TestGateway gateway, String json) {
    return gateway.adminSend(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + "/revocations"))
        .POST(HttpRequest.BodyPublishers.ofString(json)), "Content-Type", "application/json");
  }

  static JsonObject status(TestGateway gateway) {
    return new JsonObject(gateway.adminGet("/revocations/status").body());
  }

  static String redisState(TestGateway gateway) {
    return status(gateway).getJsonObject("redis").getString("state");
  }

  static boolean synced(TestGateway gateway) {
    JsonObject redis = status(gateway).getJsonObject("redis");
    return "UP".equals(redis.getString("state")) && "UP".equals(redis.getJsonObject("subscription").getString("state"))
        && redis.getString("lastSync") != null;
  }

  static boolean refuses(TestGateway gateway, String subject, String jti, Instant issuedAt) {
    return gateway.gateway().revocations().isRevoked(
        new VerifiedJwt("main", subject, jti, issuedAt, issuedAt.plus(1, ChronoUnit.HOURS), Map.of()));
  }

  static String inAnHour() {
    return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static void assertServes(TestGateway gateway) {
    HttpResponse<String> response = Http.get(gateway.url("/api/orders"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Upstream")).hasValue("backend");
  }

  @Test
  void tokenRevokedThroughTheAdminApiOfA_isRefusedByB_withinASecond() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        TestGateway a = gateway(redis.port());
        TestGateway b = gateway(redis.port())) {
      awaitTrue(() -> synced(a) && synced(b), WAIT, "both instances synchronised");
      Instant now = Instant.now();
      assertThat(refuses(b, "alice", "stolen-1", now)).isFalse();

      HttpResponse<String> response = revoke(a, "{\"jti\": \"stolen-1\", \"expiresAt\": \"" + inAnHour() + "\"}");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(response.body()).getString("scope")).isEqualTo("cluster");
      awaitTrue(() -> refuses(b, "alice", "stolen-1", now), PROPAGATION, "B refuses the token revoked on A");
      assertThat(refuses(a, "alice", "stolen-1", now)).isTrue();
      assertThat(refuses(b, "alice", "other", now)).isFalse();
      assertThat(status(b).getInteger("revokedTokens")).isEqualTo(1);
    }
  }

  @Test
  void subjectRevokedThroughTheAdminApiOfA_refusesItsOlderTokensOnB_withinASecond() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        TestGateway a = gateway(redis.port());
        TestGateway b = gateway(redis.port())) {
      awaitTrue(() -> synced(a) && synced(b), WAIT, "both instances synchronised");
      Instant issued = Instant.now().minusSeconds(120);

      HttpResponse<String> response = revoke(a, "{\"subject\": \"bob\"}");

      assertThat(response.statusCode()).isEqualTo(200);
      awaitTrue(() -> refuses(b, "bob", "old", issued), PROPAGATION, "B refuses bob's older token");
      assertThat(refuses(b, "bob", "fresh", Instant.now().plusSeconds(5))).isFalse();
      assertThat(refuses(b, "carol", "old", issued)).isFalse();
    }
  }

  @Test
  void redisRestartedWhileRunning_gatewaysKeepServing_reconnect_andRevocationsFlowAgain() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        TestGateway a = gateway(redis.port());
        TestGateway b = gateway(redis.port())) {
      awaitTrue(() -> synced(a) && synced(b), WAIT, "both instances synchronised");
      revoke(a, "{\"jti\": \"before-crash\", \"expiresAt\": \"" + inAnHour() + "\"}");
      awaitTrue(() -> refuses(b, "x", "before-crash", Instant.now()), PROPAGATION, "B has it");

      redis.kill();
      awaitTrue(() -> "DOWN".equals(redisState(a)) && "DOWN".equals(redisState(b)), WAIT, "both see Redis down");
      assertServes(a);
      assertServes(b);
      assertThat(refuses(b, "x", "before-crash", Instant.now())).as("the mirror keeps answering").isTrue();

      HttpResponse<String> duringOutage = revoke(a, "{\"jti\": \"during-outage\", \"expiresAt\": \"" + inAnHour()
          + "\"}");
      assertThat(duringOutage.statusCode()).isEqualTo(202);
      assertThat(new JsonObject(duringOutage.body()).getString("scope")).isEqualTo("instance");
      assertThat(refuses(a, "x", "during-outage", Instant.now())).isTrue();

      redis.restart();
      awaitTrue(() -> synced(a) && synced(b), WAIT, "both reconnected and resynchronised");
      awaitTrue(() -> refuses(b, "x", "during-outage", Instant.now()), WAIT, "B gets what A revoked meanwhile");
      assertServes(a);

      HttpResponse<String> afterRestart = revoke(a, "{\"jti\": \"after-restart\", \"expiresAt\": \"" + inAnHour()
          + "\"}");
      assertThat(afterRestart.statusCode()).isEqualTo(200);
      awaitTrue(() -> refuses(b, "x", "after-restart", Instant.now()), PROPAGATION, "B gets the new revocation");
      assertThat(refuses(b, "x", "before-crash", Instant.now())).isTrue();
    }
  }

  @Test
  void instanceStartedWhileRedisIsDown_startsAndServes_thenCatchesUpWhenRedisAppears() throws Exception {
    int port = RedisServerProcess.freePort();
    try (RedisServerProcess redis = RedisServerProcess.notStarted(port);
        TestGateway early = gateway(port)) {
      assertServes(early);
      awaitTrue(() -> "DOWN".equals(redisState(early)), WAIT, "the early instance sees no Redis");
      assertThat(revoke(early, "{\"subject\": \"eve\"}").statusCode()).isEqualTo(202);

      redis.restart();
      awaitTrue(() -> synced(early), WAIT, "the early instance connected and synchronised");
      try (TestGateway later = gateway(port)) {
        awaitTrue(() -> synced(later), WAIT, "the later instance synchronised");
        assertThat(refuses(later, "eve", "t", Instant.now().minusSeconds(60)))
            .as("what the early instance revoked before Redis appeared").isTrue();

        assertThat(revoke(later, "{\"jti\": \"from-later\", \"expiresAt\": \"" + inAnHour() + "\"}").statusCode())
            .isEqualTo(200);
        awaitTrue(() -> refuses(early, "x", "from-later", Instant.now()), PROPAGATION, "early gets it");
      }
    }
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
