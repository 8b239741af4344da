package dev.portico.split;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A 90/10 canary over real upstreams: the split holds within a few percent and each client stays on its side. */
class WeightedSplitIT {
  static Vertx vertx;
  static TestUpstream stable;
  static TestUpstream canary;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    stable = TestUpstream.echo(vertx, "stable");
    canary = TestUpstream.echo(vertx, "canary");
    gateway = TestGateway.start("""
        listen: { port: 0, trustedProxies: [127.0.0.1] }
        upstreams:
          stable: { targets: [%s] }
          canary: { targets: [%s] }
        routes:
          - id: orders
            match: { path: /orders/** }
            upstreams:
              - { upstream: stable, weight: 90 }
              - { upstream: canary, weight: 10 }
        """.formatted(stable.url(), canary.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    stable.close();
    canary.close();
    vertx.close();
  }

  static String upstreamFor(String clientIp) {
    return Http.get(gateway.url("/orders/1"), "X-Forwarded-For", clientIp).headers()
        .firstValue("X-Upstream").orElseThrow();
  }

  @Test
  void clientsSplitByWeight() {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      counts.merge(upstreamFor("10.1." + (i / 250) + "." + (i % 250)), 1, Integer::sum);
    }
    assertThat(counts.get("canary")).isBetween(140, 260);
    assertThat(counts.get("stable") + counts.get("canary")).isEqualTo(2_000);
  }

  @Test
  void eachClientStaysOnItsSide() {
    for (int i = 0; i < 20; i++) {
      String ip = "192.0.2." + i;
      String first = upstreamFor(ip);
      for (int j = 0; j < 5; j++) {
        assertThat(upstreamFor(ip)).isEqualTo(first);
      }
    }
  }
}
