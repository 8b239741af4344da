package dev.portico.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.RedisConfig;
import dev.portico.config.RedisMode;
import dev.portico.testing.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis connection against a real redis-server that the tests start, kill and restart. */
class RedisClientIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Vertx vertx;
  private RedisClient client;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      await(client.close());
    }
    await(vertx.close());
  }

  /** Fast reconnects and health checks so the tests see state changes quickly. */
  static RedisConfig config(String url) {
    return config(url, null);
  }

  static RedisConfig config(String url, String password) {
    return new RedisConfig(List.of(url), RedisMode.STANDALONE, RedisConfig.DEFAULT_MASTER_NAME, null, password,
        Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(200),
        Duration.ofMillis(100), "test:");
  }

  @Test
  void connectsInTheBackgroundAndRunsCommands() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      client = RedisClient.start(vertx, config(redis.url()));
      awaitTrue(client::isUp, "UP");

      await(client.send(Request.cmd(Command.SET).arg("k").arg("v")));
      assertThat(await(client.send(Request.cmd(Command.GET).arg("k"))).toString()).isEqualTo("v");
    }
  }

  @Test
  void startsWhileRedisIsDown_failsCommandsAtOnce_thenConnectsWhenRedisAppears() throws Exception {
    int port = RedisServerProcess.freePort();
    try (RedisServerProcess redis = RedisServerProcess.notStarted(port)) {
      client = RedisClient.start(vertx, config(redis.url()));
      assertThat(client.state()).isIn(RedisState.CONNECTING, RedisState.DOWN);
      awaitTrue(() -> client.state() == RedisState.DOWN, "DOWN");

      Throwable refused = failure(client.send(Request.cmd(Command.GET).arg("k")));
      assertThat(refused).isInstanceOf(RedisUnavailableException.class).hasMessageContaining("unavailable");
      assertThat(client.lastError()).isNotBlank();

      redis.restart();
      awaitTrue(client::isUp, "UP after Redis appeared");
      assertThat(await(client.send(Request.cmd(Command.PING))).toString()).isEqualTo("PONG");
    }
  }

  @Test
  void reconnectsByItselfAfterRedisIsKilledAndRestarted() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      client = RedisClient.start(vertx, config(redis.url()));
      awaitTrue(client::isUp, "UP");

      redis.kill();
      awaitTrue(() -> client.state() == RedisState.DOWN, "DOWN after the kill");
      redis.restart();
      awaitTrue(client::isUp, "UP after the restart");

      await(client.send(Request.cmd(Command.SET).arg("k").arg("after")));
      assertThat(await(client.send(Request.cmd(Command.GET).arg("k"))).toString()).isEqualTo("after");
    }
  }

  @Test
  void aCommandRedisDoesNotAnswerFailsAtTheCommandTimeout_andTheClientRecovers() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      client = RedisClient.start(vertx, config(redis.url()));
      awaitTrue(client::isUp, "UP");
      RedisClient other = RedisClient.start(vertx, config(redis.url()));
      try {
        awaitTrue(other::isUp, "second client UP");
        // Redis holds every client's commands for 3 s: a hung server, as seen from the gateway.
        await(other.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(3000).arg("ALL")));

        Throwable hung = failure(client.send(Request.cmd(Command.GET).arg("k")));
        assertThat(hung).isInstanceOf(RedisUnavailableException.class).hasMessageContaining("within 500 ms");
        awaitTrue(() -> client.state() == RedisState.DOWN, "DOWN while Redis does not answer");
        awaitTrue(client::isUp, "UP once Redis answers again");
      } finally {
        await(other.close());
      }
    }
  }

  @Test
  void authenticatesWithThePasswordFromTheConfig() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", "s3cret")) {
      client = RedisClient.start(vertx, config(redis.url(), "s3cret"));
      awaitTrue(client::isUp, "UP with the right password");
      await(client.send(Request.cmd(Command.SET).arg("k").arg("v")));
    }
  }

  @Test
  void aWrongPasswordIsReportedAsDown() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", "s3cret")) {
      client = RedisClient.start(vertx, config(redis.url(), "wrong"));
      awaitTrue(() -> client.state() == RedisState.DOWN, "DOWN with a wrong password");
      assertThat(client.lastError()).containsIgnoringCase("pass");
    }
  }

  @Test
  void subscriberReceivesMessages_andResubscribesAfterARestart() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      client = RedisClient.start(vertx, config(redis.url()));
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      AtomicInteger subscriptions = new AtomicInteger();
      RedisSubscriber subscriber = client.subscribe("test:news", received::add, subscriptions::incrementAndGet);
      awaitTrue(() -> subscriber.state() == RedisState.UP && client.isUp(), "subscribed");

      await(client.send(Request.cmd(Command.PUBLISH).arg("test:news").arg("one")));
      assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("one");

      redis.kill();
      awaitTrue(() -> subscriber.state() == RedisState.DOWN, "subscription DOWN");
      redis.restart();
      awaitTrue(() -> subscriptions.get() == 2 && client.isUp(), "resubscribed");

      await(client.send(Request.cmd(Command.PUBLISH).arg("test:news").arg("two")));
      assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("two");
    }
  }

  @Test
  void subscriberKeepsReceivingAcrossHealthPings() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      client = RedisClient.start(vertx, config(redis.url()));
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      RedisSubscriber subscriber = client.subscribe("test:news", received::add, () -> {});
      awaitTrue(() -> subscriber.state() == RedisState.UP && client.isUp(), "subscribed");

      // Published across several 100 ms PING rounds: none is taken for a PING reply and lost.
      for (int i = 0; i < 50; i++) {
        await(client.send(Request.cmd(Command.PUBLISH).arg("test:news").arg("m" + i)));
        Thread.sleep(10);
      }
      for (int i = 0; i < 50; i++) {
        assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("m" + i);
      }
      assertThat(subscriber.state()).isEqualTo(RedisState.UP);
    }
  }

  @Test
  void sentinelMode_findsThePrimaryThroughTheSentinel_forCommandsAndPubSub() throws Exception {
    try (RedisServerProcess primary = RedisServerProcess.start();
        RedisServerProcess sentinel = RedisServerProcess.startSentinel("shop", primary.port())) {
      RedisConfig config = new RedisConfig(List.of("redis://127.0.0.1:" + sentinel.port()), RedisMode.SENTINEL,
          "shop", null, null, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(20),
          Duration.ofMillis(200), Duration.ofMillis(100), "test:");
      client = RedisClient.start(vertx, config);
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      RedisSubscriber subscriber = client.subscribe("test:news", received::add, () -> {});
      awaitTrue(() -> client.isUp() && subscriber.state() == RedisState.UP, "UP through the Sentinel");

      await(client.send(Request.cmd(Command.SET).arg("k").arg("via-sentinel")));
      await(client.send(Request.cmd(Command.PUBLISH).arg("test:news").arg("hello")));

      assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("hello");
      // The write landed on the primary itself, not on the Sentinel.
      RedisClient direct = RedisClient.start(vertx, config(primary.url()));
      try {
        awaitTrue(direct::isUp, "direct UP");
        assertThat(await(direct.send(Request.cmd(Command.GET).arg("k"))).toString()).isEqualTo("via-sentinel");
      } finally {
        await(direct.close());
      }
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
    } catch (ExecutionException | CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + WAIT + " waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
