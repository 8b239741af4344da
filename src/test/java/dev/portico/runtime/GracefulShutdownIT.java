package dev.portico.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.testing.GatewayProcess;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a gateway running as its own process, with requests in flight to a slow upstream.
 * The upstream holds every response until the test releases it (after at least 1.5 s), so what
 * happens "during the drain" does not depend on timing. The drain deadline is far longer, so a
 * process that waits for the deadline instead of for the requests fails here on a timeout.
 */
class GracefulShutdownIT {
  private static final int REQUESTS = 10;
  private static final int BODY_BYTES = 256 * 1024;
  private static final long UPSTREAM_MIN_DELAY_MS = 1500;
  private static final Duration DRAIN_DEADLINE = Duration.ofSeconds(60);
  /** What the JVM exits with after SIGTERM once every shutdown hook has returned: 128 + 15. */
  private static final int SIGTERM_EXIT_CODE = 143;

  Vertx vertx;
  TestUpstream slow;
  GatewayProcess gateway;
  final Promise<Void> released = Promise.promise();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    String body = "x".repeat(BODY_BYTES);
    slow = TestUpstream.start(vertx, request -> {
      long received = System.nanoTime();
      released.future().onComplete(v -> {
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - received);
        vertx.setTimer(Math.max(1, UPSTREAM_MIN_DELAY_MS - waited),
            id -> request.response().putHeader("Content-Type", "text/plain").end(body));
      });
    });
    gateway = GatewayProcess.start("""
        shutdown: { drainTimeout: %ds }
        upstreams:
          slow: { targets: [%s], timeout: 30s }
        routes:
          - id: slow
            match: { path: /slow/** }
            upstream: slow
        """.formatted(DRAIN_DEADLINE.toSeconds(), slow.url()));
  }

  @AfterEach
  void stop() {
    released.tryComplete();
    gateway.close();
    slow.close();
    vertx.close();
  }

  @Test
  void sigterm_finishesInFlightRequests_refusesNewOnes_andExits() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url("/slow/" + i)))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    awaitTrue(() -> slow.received().size() == REQUESTS, "the upstream to receive every request");

    gateway.sigterm();

    int readyAfterSigterm = awaitNotReady(client);
    assertThat(readyAfterSigterm).as("/ready after SIGTERM (-1: connection refused)").isIn(503, -1);
    assertThat(responses).noneMatch(CompletableFuture::isDone);
    released.complete();
    for (CompletableFuture<HttpResponse<String>> future : responses) {
      HttpResponse<String> response = future.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).hasSize(BODY_BYTES).matches("x+");
    }
    Integer exit = gateway.waitFor(DRAIN_DEADLINE.dividedBy(3));
    assertThat(exit).as("exit code; output:\n%s", gateway.output()).isEqualTo(SIGTERM_EXIT_CODE);
    assertThatThrownBy(() -> new Socket("127.0.0.1", gateway.port()).close()).isInstanceOf(ConnectException.class);
    assertThat(gateway.output()).contains("Shutting down", "Stopped");
  }

  @Test
  void sigterm_refusesNewConnectionsWhileDraining() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
        HttpRequest.newBuilder(URI.create(gateway.url("/slow/1"))).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    awaitTrue(() -> slow.received().size() == 1, "the upstream to receive the request");

    gateway.sigterm();
    assertThat(awaitNotReady(client)).isIn(503, -1);

    // Readiness turns first; the listening socket closes a moment later, still during the drain.
    awaitTrue(this::connectionRefused, "new connections to be refused");
    assertThat(inFlight).isNotDone();
    released.complete();
    assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(gateway.waitFor(DRAIN_DEADLINE.dividedBy(3))).isEqualTo(SIGTERM_EXIT_CODE);
  }

  private boolean connectionRefused() {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls /ready until it stops answering 200; returns its status, or -1 when refused. */
  private int awaitNotReady(HttpClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        int status = client.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/ready")))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
          return status;
        }
      } catch (ConnectException e) {
        return -1;
      } catch (IOException e) {
        // the admin server closed the connection under us: try again
      }
      Thread.sleep(20);
    }
    throw new AssertionError("/ready still 200 ten seconds after SIGTERM");
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
