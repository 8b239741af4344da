package dev.portico.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portico.testing.Http;
import dev.portico.testing.RedisServerProcess;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security parts working together through real gateways: API keys from the consumer directory,
 * identity headers to the upstream, plan rate limits per consumer, and a JWT revoked on one
 * instance refused by another through a real redis-server.
 */
class AuthEndToEndIT {
  static final String SECRET = "an-hmac-secret-of-at-least-32-bytes!!";
  static final String GOLD_KEY = "gold-consumer-key-0123456789";
  static final String FREE_KEY = "free-consumer-key-0123456789";

  static Vertx vertx;
  static TestUpstream upstream;
  static RedisServerProcess redis;
  static TestGateway a;
  static TestGateway b;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.echo(vertx, "orders");
    redis = RedisServerProcess.start();
    String yaml = """
        cluster:
          redis: { url: "%s" }
        auth:
          jwt:
            internal: { issuer: portico-test, audiences: [shop], secret: "%s" }
        plans:
          gold: { rateLimit: 3/h }
        consumers:
          - { id: gold-app, tenant: acme, plan: gold, apiKey: "%s" }
          - { id: free-app, tenant: zeta, apiKey: "%s" }
        upstreams:
          orders: { targets: [%s] }
        routes:
          - id: keyed
            match: { path: /keyed/** }
            upstream: orders
            auth: { apiKey: true }
            rateLimit: { per: consumer, limit: plan }
          - { id: tokens, match: { path: /tokens/** }, upstream: orders, auth: { jwt: internal } }
          - { id: public, match: { path: /public/** }, upstream: orders }
        """.formatted(redis.url(), SECRET, GOLD_KEY, FREE_KEY, upstream.url());
    a = TestGateway.start(yaml);
    b = TestGateway.start(yaml);
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    redis.close();
    upstream.close();
    vertx.close();
  }

  static String token(String subject, String jwtId) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("portico-test").audience("shop").subject(subject)
        .jwtID(jwtId).issueTime(Date.from(Instant.now().minusSeconds(5)))
        .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(SECRET));
    return jwt.serialize();
  }

  @Test
  void apiKeyIdentityReachesTheUpstreamAndSpoofedIdentityHeadersDoNot() {
    HttpResponse<String> ok = Http.get(a.url("/keyed/1"), "X-API-Key", FREE_KEY, "X-Consumer-Id", "admin",
        "x_tenant_id", "acme");
    assertThat(ok.statusCode()).isEqualTo(200);
    var seen = upstream.last().headers();
    assertThat(seen.getAll("X-Consumer-Id")).containsExactly("free-app");
    assertThat(seen.getAll("X-Tenant-Id")).containsExactly("zeta");
    assertThat(seen.names()).noneMatch(n -> n.equalsIgnoreCase("x_tenant_id"));

    assertThat(Http.get(a.url("/keyed/1"), "X-API-Key", "not-a-key-of-anyone-at-all").statusCode()).isEqualTo(401);
    HttpResponse<String> none = Http.get(a.url("/keyed/1"));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();

    Http.get(a.url("/public/1"), "X-User-Id", "root", "X-Consumer-Id", "admin");
    assertThat(upstream.last().headers().get("X-User-Id")).isNull();
    assertThat(upstream.last().headers().get("X-Consumer-Id")).isNull();
  }

  @Test
  void planLimitIsCountedPerConsumerAcrossInstances() {
    int allowed = 0;
    for (int i = 0; i < 6; i++) {
      TestGateway g = i % 2 == 0 ? a : b;
      allowed += Http.get(g.url("/keyed/plan"), "X-API-Key", GOLD_KEY).statusCode() == 200 ? 1 : 0;
    }
    assertThat(allowed).isEqualTo(3);
    // The free plan has no rate limit: its consumer is not held back by gold-app's bucket.
    assertThat(Http.get(a.url("/keyed/plan"), "X-API-Key", FREE_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void tokenRevokedOnOneInstanceIsRefusedByTheOther() throws Exception {
    String token = token("user-7", "jti-revoke-me");
    String other = token("user-7", "jti-keep-me");
    assertThat(Http.get(b.url("/tokens/1"), "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked = a.adminSend(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + a.adminPort() + "/revocations"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jti\":\"jti-revoke-me\"}")));
    assertThat(revoked.statusCode()).isEqualTo(200);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    int status;
    do {
      status = Http.get(b.url("/tokens/1"), "Authorization", "Bearer " + token).statusCode();
    } while (status == 200 && System.nanoTime() < deadline);
    assertThat(status).as("refused by the other instance within a second").isEqualTo(401);
    assertThat(Http.get(b.url("/tokens/1"), "Authorization", "Bearer " + other).statusCode()).isEqualTo(200);
  }
}
