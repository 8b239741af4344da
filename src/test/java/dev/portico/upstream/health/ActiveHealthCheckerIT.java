package dev.portico.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.TestUpstream;
import dev.portico.upstream.Target;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActiveHealthCheckerIT {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger status = new AtomicInteger(200);
  private final TestUpstream upstream = TestUpstream.start(vertx,
      req -> req.response().setStatusCode(status.get()).end("health"));
  private final HttpClient client = vertx.createHttpClient();
  private final HealthCheckPolicy policy =
      new HealthCheckPolicy("/health", Duration.ofMillis(50), Duration.ofMillis(500), 2, 3);

  @AfterEach
  void close() {
    upstream.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not reached in 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void failingTargetIsTakenOutAndComesBackWhenChecksPassAgain() throws Exception {
    Target target = new Target("127.0.0.1", upstream.port());
    ActiveHealthChecker checker = new ActiveHealthChecker(vertx, client, "orders", policy, List.of(target));
    checker.start();
    await(() -> upstream.started() >= 2);
    assertThat(target.healthy()).isTrue();

    status.set(503);
    await(() -> !target.healthy());
    assertThat(target.isAvailable(System.nanoTime())).isFalse();

    status.set(200);
    await(target::healthy);
    checker.stop();
    assertThat(upstream.received()).allMatch(r -> r.uri().equals("/health") && r.method().equals("GET"));
  }

  @Test
  void unreachableTargetIsTakenOut() throws Exception {
    int closedPort = upstream.port();
    upstream.close();
    Target target = new Target("127.0.0.1", closedPort);
    ActiveHealthChecker checker = new ActiveHealthChecker(vertx, client, "orders", policy, List.of(target));
    checker.start();
    await(() -> !target.healthy());
    checker.stop();
  }

  @Test
  void oneFailedCheckDoesNotTakeATargetOut() throws Exception {
    Target target = new Target("127.0.0.1", upstream.port());
    ActiveHealthChecker checker = new ActiveHealthChecker(vertx, client, "orders", policy, List.of(target));
    status.set(500);
    checker.start();
    await(() -> upstream.started() >= 1);
    status.set(200);
    int seen = upstream.started();
    await(() -> upstream.started() >= seen + 5);
    assertThat(target.healthy()).isTrue();
    checker.stop();
  }
}
