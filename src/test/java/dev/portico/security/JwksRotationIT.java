package dev.portico.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestJwks;
import dev.portico.testing.TestTokens;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation against a real JWKS endpoint that counts the requests it receives: a new key is picked up, a flood of
 * forged key ids costs the endpoint a bounded number of fetches, a failing endpoint leaves the last keys in use, and
 * a reload that keeps the issuer unchanged fetches nothing.
 */
class JwksRotationIT {
  private static final long MIN_INTERVAL_MILLIS = 1000;
  private static RSAKey k1;
  private static RSAKey k2;
  private static RSAKey attacker;

  private Vertx vertx;
  private TestUpstream upstream;
  private TestJwks jwks;
  private TestGateway gateway;

  @BeforeAll
  static void keys() {
    k1 = TestTokens.rsa("k1");
    k2 = TestTokens.rsa("k2");
    attacker = TestTokens.rsa("evil");
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.echo(vertx, "orders");
    jwks = TestJwks.start(vertx, TestTokens.jwks(k1));
    gateway = TestGateway.start(config("shop", ""));
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
    jwks.close();
    vertx.close();
  }

  private String config(String audience, String extraRoute) {
    return """
        upstreams: { orders: { targets: [%s] } }
        auth:
          jwt:
            main: { issuer: "%s", audiences: [%s], jwks: "%s", jwksRefresh: 1h,
                    jwksMinRefetchInterval: %dms, unknownKidTtl: 1m }
        routes:
          - { id: orders, match: { path: /orders/** }, upstream: orders, auth: { jwt: main } }
        %s""".formatted(upstream.url(), TestTokens.ISSUER, audience, jwks.url(), MIN_INTERVAL_MILLIS, extraRoute);
  }

  /** A fresh token each time (new jti), so no verification cache can answer for it. */
  private static String token(RSAKey key) {
    return TestTokens.sign(TestTokens.claims().jwtID(UUID.randomUUID().toString()).build(), key);
  }

  private int status(String token) {
    return Http.get(gateway.url("/orders/1"), "Authorization", "Bearer " + token).statusCode();
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("condition met within 10 s").isTrue();
  }

  @Test
  void newKeyAfterRotation_isAccepted_andTheRemovedKeyRefused() throws Exception {
    assertThat(status(token(k1))).isEqualTo(200);
    assertThat(jwks.requests()).isEqualTo(1);

    jwks.serve(TestTokens.jwks(k2));
    // The first k2 token may come within the minimum interval of the first fetch; the gateway then looks again
    // as soon as the interval is over.
    eventually(() -> status(token(k2)) == 200);
    assertThat(jwks.requests()).isBetween(2, 3);
    assertThat(status(token(k1))).isEqualTo(401);
  }

  @Test
  void floodOfForgedKeyIds_costsTheEndpointABoundedNumberOfFetches() throws Exception {
    assertThat(status(token(k1))).isEqualTo(200);
    int before = jwks.requests();
    int reached = upstream.started();
    long start = System.nanoTime();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      String forged = TestTokens.sign(TestTokens.claims().build(), attacker, JWSAlgorithm.RS256,
          h -> h.keyID("forged-" + UUID.randomUUID()));
      results.add(clients.submit(() -> status(forged)));
    }
    for (Future<Integer> r : results) {
      assertThat(r.get()).isEqualTo(401);
    }
    clients.shutdown();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    int fetches = jwks.requests() - before;
    // At most one fetch per minimum interval, plus one at each end of the flood, for 800 distinct key ids.
    assertThat(fetches).as("JWKS fetches for 800 forged key ids in %d ms", elapsedMillis)
        .isLessThanOrEqualTo(2 + (int) (elapsedMillis / MIN_INTERVAL_MILLIS));
    assertThat(upstream.started()).isEqualTo(reached);
  }

  @Test
  void endpointDown_keepsTheLastGoodKeys() throws Exception {
    assertThat(status(token(k1))).isEqualTo(200);
    jwks.down(true);
    Thread.sleep(MIN_INTERVAL_MILLIS + 100);
    int before = jwks.requests();
    // A token with an unknown key id makes the gateway ask the endpoint, which fails.
    assertThat(status(TestTokens.sign(TestTokens.claims().build(), k2))).isEqualTo(401);
    assertThat(jwks.requests()).isEqualTo(before + 1);
    assertThat(status(token(k1))).isEqualTo(200);
    assertThat(status(token(k1))).isEqualTo(200);
  }

  @Test
  void reload_withTheIssuerUnchanged_fetchesNothing_whileAChangedIssuerFetchesAgain() throws Exception {
    assertThat(status(token(k1))).isEqualTo(200);
    assertThat(jwks.requests()).isEqualTo(1);

    gateway.rewrite(config("shop", "  - { id: health, match: { path: /health }, upstream: orders }\n"));
    eventually(() -> gateway.gateway().snapshot().version() == 2);
    assertThat(status(token(k1))).isEqualTo(200);
    assertThat(jwks.requests()).isEqualTo(1);

    gateway.rewrite(config("shop", ""));
    eventually(() -> gateway.gateway().snapshot().version() == 3);
    gateway.rewrite(TestGatewayYaml.withAudiences(config("shop", ""), "[shop, admin]"));
    eventually(() -> gateway.gateway().snapshot().version() == 4);
    eventually(() -> jwks.requests() == 2);
    assertThat(status(token(k1))).isEqualTo(200);
  }

  /** Small edits of the test config. */
  private static final class TestGatewayYaml {
    static String withAudiences(String yaml, String audiences) {
      return yaml.replace("audiences: [shop]", "audiences: " + audiences);
    }
  }
}
