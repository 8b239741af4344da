package dev.portico.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestJwks;
import dev.portico.testing.TestTokens;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revocation on one gateway with its in-memory list: a revoked token id is refused while other tokens pass, and a
 * subject revoked before a time loses every token issued before it, including ones already verified and cached.
 */
class RevocationIT {
  private static Vertx vertx;
  private static TestUpstream upstream;
  private static TestJwks jwks;
  private static TestGateway gateway;
  private static RSAKey key;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    key = TestTokens.rsa("k1");
    upstream = TestUpstream.echo(vertx, "orders");
    jwks = TestJwks.start(vertx, TestTokens.jwks(key));
    gateway = TestGateway.start("""
        upstreams: { orders: { targets: [%s] } }
        auth: { jwt: { main: { issuer: "%s", audiences: [shop], jwks: "%s" } } }
        routes:
          - { id: orders, match: { path: /orders/** }, upstream: orders, auth: { jwt: main } }
        """.formatted(upstream.url(), TestTokens.ISSUER, jwks.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
    jwks.close();
    vertx.close();
  }

  private static HttpResponse<String> get(String token) {
    return Http.get(gateway.url("/orders/1"), "Authorization", "Bearer " + token);
  }

  private static void await(io.vertx.core.Future<Void> f) throws Exception {
    f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void revokedTokenId_isRefused_otherTokensPass() throws Exception {
    String revoked = TestTokens.sign(TestTokens.claims().subject("bob").jwtID("jti-revoked").build(), key);
    String other = TestTokens.sign(TestTokens.claims().subject("bob").jwtID("jti-other").build(), key);
    assertThat(get(revoked).statusCode()).isEqualTo(200);

    await(gateway.gateway().revocations().revokeToken("jti-revoked", Instant.now().plusSeconds(3600)));
    int reached = upstream.started();
    HttpResponse<String> refused = get(revoked);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(refused.body()).getString("detail")).isEqualTo("The token has been revoked.");
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portico\","
        + " error=\"invalid_token\", error_description=\"The token has been revoked.\"");
    assertThat(upstream.started()).isEqualTo(reached);
    assertThat(get(other).statusCode()).isEqualTo(200);
  }

  @Test
  void subjectRevokedBeforeATime_losesOlderTokens_keepsNewerOnes() throws Exception {
    Instant now = Instant.now();
    String older = TestTokens.sign(TestTokens.claims().subject("carol").issueTime(Date.from(now.minusSeconds(60)))
        .build(), key);
    String otherSubject = TestTokens.sign(TestTokens.claims().subject("dave").issueTime(Date.from(now.minusSeconds(60)))
        .build(), key);
    assertThat(get(older).statusCode()).isEqualTo(200);

    await(gateway.gateway().revocations().revokeSubject("carol", now.minusSeconds(10)));
    assertThat(get(older).statusCode()).isEqualTo(401);
    assertThat(get(otherSubject).statusCode()).isEqualTo(200);
    String newer = TestTokens.sign(TestTokens.claims().subject("carol").issueTime(Date.from(now)).build(), key);
    assertThat(get(newer).statusCode()).isEqualTo(200);
  }
}
