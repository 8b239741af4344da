package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How requests spread over two real targets under each balancing strategy. */
class LoadBalancingIT {
  static Vertx vertx;
  static TestUpstream a;
  static TestUpstream b;
  static TestUpstream slow;
  static TestUpstream fast;
  static final Queue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    a = TestUpstream.echo(vertx, "a");
    b = TestUpstream.echo(vertx, "b");
    // Holds every request until the test releases it: its requests stay in flight.
    slow = TestUpstream.start(vertx, held::add);
    fast = TestUpstream.echo(vertx, "fast");
    gateway = TestGateway.start("""
        upstreams:
          rr: { targets: [%1$s, %2$s], balance: round-robin }
          least: { targets: [%3$s, %4$s], balance: least-request, timeout: 10s }
          hash: { targets: [%1$s, %2$s], balance: consistent-hash, hashOn: "header:X-User-Id" }
        routes:
          - { id: rr, match: { path: /rr/** }, upstream: rr }
          - { id: least, match: { path: /least/** }, upstream: least }
          - { id: hash, match: { path: /hash/** }, upstream: hash }
        """.formatted(a.url(), b.url(), slow.url(), fast.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    a.close();
    b.close();
    slow.close();
    fast.close();
    vertx.close();
  }

  @Test
  void roundRobinAlternatesAcrossTwoTargets() {
    List<String> upstreams = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      upstreams.add(upstreamOf(Http.get(gateway.url("/rr/" + i))));
    }

    for (int i = 1; i < upstreams.size(); i++) {
      assertThat(upstreams.get(i)).as("request %d of %s", i, upstreams).isNotEqualTo(upstreams.get(i - 1));
    }
    assertThat(upstreams).containsOnly("a", "b");
  }

  @Test
  void leastRequestAvoidsTheTargetWithARequestInFlight() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    // Send until one request is held by the slow target (ties are broken at random).
    CompletableFuture<HttpResponse<String>> stuck = null;
    for (int i = 0; i < 50 && stuck == null; i++) {
      CompletableFuture<HttpResponse<String>> call = client.sendAsync(
          HttpRequest.newBuilder(URI.create(gateway.url("/least/probe"))).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      while (!call.isDone() && held.isEmpty()) {
        Thread.sleep(5);
      }
      if (!held.isEmpty()) {
        stuck = call;
      } else {
        assertThat(upstreamOf(call.get())).isEqualTo("fast");
      }
    }
    assertThat(stuck).as("no request ever reached the slow target").isNotNull();

    List<String> upstreams = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      upstreams.add(upstreamOf(Http.get(gateway.url("/least/" + i))));
    }
    HttpServerRequest pending = held.poll();
    pending.response().putHeader("X-Upstream", "slow").end("released");

    assertThat(upstreams).containsOnly("fast");
    assertThat(stuck.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(upstreamOf(stuck.get())).isEqualTo("slow");
  }

  @Test
  void consistentHashKeepsEachKeyOnOneTargetAndSpreadsKeys() {
    Map<String, Set<String>> targetsByKey = new HashMap<>();
    for (int round = 0; round < 3; round++) {
      for (int user = 0; user < 20; user++) {
        String key = "user-" + user;
        String upstream = upstreamOf(Http.get(gateway.url("/hash/profile"), "X-User-Id", key));
        targetsByKey.computeIfAbsent(key, k -> new HashSet<>()).add(upstream);
      }
    }

    assertThat(targetsByKey.values()).allSatisfy(targets -> assertThat(targets).hasSize(1));
    Set<String> used = new HashSet<>();
    targetsByKey.values().forEach(used::addAll);
    assertThat(used).containsExactlyInAnyOrder("a", "b");
  }

  static String upstreamOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("X-Upstream").orElseThrow();
  }
}
