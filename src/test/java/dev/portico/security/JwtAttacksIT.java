package dev.portico.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.portico.testing.Http;
import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestJwks;
import dev.portico.testing.TestTokens;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens an attacker would send, through a real gateway to a real upstream that records what reaches it: each is
 * refused with the right status, problem body and challenge, and the upstream receives nothing. The keys come from a
 * real JWKS endpoint; an attacker's JWKS endpoint, named in token headers, must never be fetched.
 */
class JwtAttacksIT {
  private static Vertx vertx;
  private static TestUpstream upstream;
  private static TestJwks jwks;
  private static TestJwks attackerJwks;
  private static TestGateway gateway;
  private static RSAKey key;
  private static RSAKey attacker;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    key = TestTokens.rsa("k1");
    attacker = TestTokens.rsa("evil");
    upstream = TestUpstream.echo(vertx, "orders");
    jwks = TestJwks.start(vertx, TestTokens.jwks(key));
    attackerJwks = TestJwks.start(vertx, TestTokens.jwks(attacker));
    gateway = TestGateway.start("""
        listen: { port: 0, limits: { maxHeaderSize: 256KiB } }
        upstreams: { orders: { targets: [%s] } }
        auth:
          jwt:
            main: { issuer: "%s", audiences: [shop], jwks: "%s", algorithms: [RS256] }
        routes:
          - { id: orders, match: { path: /orders/** }, upstream: orders, auth: { jwt: main } }
          - id: write
            match: { path: /write/** }
            upstream: orders
            auth: { jwt: main, scopes: [orders:read, orders:write] }
          - id: support
            match: { path: /support/** }
            upstream: orders
            auth: { jwt: main, scopes: { anyOf: [support, admin] } }
          - id: browser
            match: { path: /browser/** }
            upstream: orders
            auth: { jwt: main, tokenFrom: { cookie: session, query: access_token } }
        """.formatted(upstream.url(), TestTokens.ISSUER, jwks.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstream.close();
    jwks.close();
    attackerJwks.close();
    vertx.close();
  }

  private int reachedUpstream;

  @BeforeEach
  void countUpstream() {
    reachedUpstream = upstream.started();
  }

  private static JWTClaimsSet.Builder claims() {
    return TestTokens.claims();
  }

  private static HttpResponse<String> get(String path, String token) {
    return Http.get(gateway.url(path), "Authorization", "Bearer " + token);
  }

  /** A 401 problem with an RFC 6750 invalid_token challenge whose description is the problem's detail. */
  private void assertInvalidToken(HttpResponse<String> response, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("unauthenticated");
    assertThat(problem.getInteger("status")).isEqualTo(401);
    if (detail != null) {
      assertThat(problem.getString("detail")).isEqualTo(detail);
    }
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(
        "Bearer realm=\"portico\", error=\"invalid_token\", error_description=\"" + problem.getString("detail")
            + "\"");
    assertUpstreamReceivedNothing();
  }

  private void assertUpstreamReceivedNothing() {
    assertThat(upstream.started()).as("requests that reached the upstream").isEqualTo(reachedUpstream);
  }

  @Test
  void validToken_passes() {
    HttpResponse<String> response = get("/orders/1", TestTokens.sign(claims().build(), key));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.started()).isEqualTo(reachedUpstream + 1);
    assertThat(upstream.last().uri()).isEqualTo("/orders/1");
  }

  @Test
  void missingToken_isChallengedWithoutAnErrorCode() {
    HttpResponse<String> response = Http.get(gateway.url("/orders/1"));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getString("detail")).isEqualTo("This route requires authentication.");
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"portico\"");
    HttpResponse<String> basic = Http.get(gateway.url("/orders/1"), "Authorization", "Basic YWxpY2U6c2VjcmV0");
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(basic.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"portico\"");
    assertUpstreamReceivedNothing();
  }

  @Test
  void algNone_inEverySpelling_isRefused() {
    JWTClaimsSet claims = claims().build();
    for (String alg : List.of("none", "None", "NONE", "nOnE")) {
      String unsigned = TestTokens.unsigned("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}", claims);
      assertInvalidToken(get("/orders/1", unsigned), "The token is not a well-formed signed JWT.");
      String withKid = TestTokens.unsigned("{\"alg\":\"" + alg + "\",\"kid\":\"k1\"}", claims) + "c2ln";
      assertInvalidToken(get("/orders/1", withKid), null);
    }
  }

  @Test
  void hmacSignedWithTheRsaPublicKey_isRefused() {
    byte[] publicKeyPem = TestTokens.pem(key).getBytes(StandardCharsets.US_ASCII);
    String confused = TestTokens.hmac(claims().build(), publicKeyPem, JWSAlgorithm.HS256, "k1");
    assertInvalidToken(get("/orders/1", confused), "The token's signing algorithm is not accepted.");
  }

  @Test
  void badSignature_isRefused() {
    RSAKey impostor = TestTokens.rsa("k1");
    assertInvalidToken(get("/orders/1", TestTokens.sign(claims().build(), impostor)),
        "The token's signature is invalid.");
  }

  @Test
  void expired_notYetValid_wrongIssuer_wrongAudience_areRefused() {
    Instant now = Instant.now();
    assertInvalidToken(get("/orders/1", TestTokens.sign(
        claims().expirationTime(Date.from(now.minusSeconds(120))).build(), key)), "The token has expired.");
    assertInvalidToken(get("/orders/1", TestTokens.sign(
        claims().notBeforeTime(Date.from(now.plusSeconds(600))).build(), key)), "The token is not valid yet.");
    assertInvalidToken(get("/orders/1", TestTokens.sign(claims().issuer("https://evil.example").build(), key)),
        "The token's issuer is not accepted.");
    assertInvalidToken(get("/orders/1", TestTokens.sign(claims().audience("billing").build(), key)),
        "The token is not meant for this audience.");
  }

  @Test
  void keyIdWithPathOrQuoteCharacters_isRefusedAsUnknown() {
    int fetchesBefore = jwks.requests();
    for (String kid : List.of("../../../../etc/passwd", "k1\"; DROP TABLE keys; --", "k1'", "/jwks?kid=k1",
        attackerJwks.url())) {
      String token = TestTokens.sign(claims().build(), key, JWSAlgorithm.RS256, h -> h.keyID(kid));
      HttpResponse<String> response = get("/orders/1", token);
      assertInvalidToken(response, "The token's key id is not one of the issuer's keys.");
      assertThat(response.body()).doesNotContain(kid);
    }
    // A key id is never a URL or a path: the only requests are to the configured JWKS URL, and few.
    assertThat(attackerJwks.requests()).isZero();
    assertThat(jwks.requests() - fetchesBefore).isLessThanOrEqualTo(2);
  }

  @Test
  void keysNamedOrEmbeddedInTheHeader_areNeverUsed() {
    JWTClaimsSet claims = claims().build();
    URI attackerUrl = URI.create(attackerJwks.url());
    String jku = TestTokens.sign(claims, attacker, JWSAlgorithm.RS256, h -> h.jwkURL(attackerUrl));
    String jkuWithOurKid = TestTokens.sign(claims, attacker, JWSAlgorithm.RS256, h -> h.keyID("k1").jwkURL(attackerUrl));
    String x5u = TestTokens.sign(claims, attacker, JWSAlgorithm.RS256, h -> h.keyID("k1").x509CertURL(attackerUrl));
    String jwk = TestTokens.sign(claims, attacker, JWSAlgorithm.RS256, h -> h.keyID(null).jwk(attacker.toPublicJWK()));
    String jwkWithOurKid = TestTokens.sign(claims, attacker, JWSAlgorithm.RS256,
        h -> h.keyID("k1").jwk(attacker.toPublicJWK()));
    assertInvalidToken(get("/orders/1", jku), "The token's key id is not one of the issuer's keys.");
    assertInvalidToken(get("/orders/1", jkuWithOurKid), "The token's signature is invalid.");
    assertInvalidToken(get("/orders/1", x5u), "The token's signature is invalid.");
    assertInvalidToken(get("/orders/1", jwk), "The token's signature is invalid.");
    assertInvalidToken(get("/orders/1", jwkWithOurKid), "The token's signature is invalid.");
    assertThat(attackerJwks.requests()).isZero();
  }

  @Test
  void hundredKilobyteToken_isRefusedBeforeParsing() {
    String huge = TestTokens.sign(claims().claim("pad", "x".repeat(100 * 1024)).build(), key);
    assertThat(huge.length()).isGreaterThan(100 * 1024);
    assertInvalidToken(get("/orders/1", huge), "The token is longer than 8192 bytes.");
  }

  @Test
  void twoAuthorizationHeaders_areABadRequest() throws Exception {
    String token = TestTokens.sign(claims().build(), key);
    String raw = RawHttp.exchange(gateway.port(), "GET /orders/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + token + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n", 5000);
    assertThat(RawHttp.status(raw)).isEqualTo(400);
    assertThat(raw).contains("WWW-Authenticate: Bearer realm=\"portico\", error=\"invalid_request\","
        + " error_description=\"The request has more than one Authorization header.\"");
    assertThat(raw).contains("\"code\":\"bad_request\"");
    assertUpstreamReceivedNothing();
  }

  @Test
  void tokenInTwoPlaces_isABadRequest() {
    String token = TestTokens.sign(claims().build(), key);
    HttpResponse<String> response = Http.get(gateway.url("/browser/x?access_token=" + token),
        "Authorization", "Bearer " + token);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portico\","
        + " error=\"invalid_request\", error_description=\"The token is sent in more than one place.\"");
    HttpResponse<String> twoCookies = Http.get(gateway.url("/browser/x"), "Cookie",
        "session=" + token + "; theme=dark; session=" + token);
    assertThat(twoCookies.statusCode()).isEqualTo(400);
    assertUpstreamReceivedNothing();
  }

  @Test
  void undecodableQueryString_onATokenFromQueryRoute_isABadRequest() throws Exception {
    String raw = RawHttp.exchange(gateway.port(), "GET /browser/x?access_token=%zz HTTP/1.1\r\nHost: x\r\n"
        + "Connection: close\r\n\r\n", 5000);
    assertThat(RawHttp.status(raw)).isEqualTo(400);
    assertThat(raw).contains("\"detail\":\"The query string is malformed.\"");
    assertUpstreamReceivedNothing();
  }

  @Test
  void cookieAndQueryTokens_onlyWhereTheRouteOptsIn() {
    String token = TestTokens.sign(claims().build(), key);
    assertThat(Http.get(gateway.url("/browser/x?access_token=" + token)).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/browser/x"), "Cookie", "theme=dark; session=" + token).statusCode())
        .isEqualTo(200);
    reachedUpstream = upstream.started();
    assertThat(Http.get(gateway.url("/orders/x?access_token=" + token)).statusCode()).isEqualTo(401);
    assertThat(Http.get(gateway.url("/orders/x"), "Cookie", "session=" + token).statusCode()).isEqualTo(401);
    assertUpstreamReceivedNothing();
  }

  @Test
  void emptyBearerToken_isRefused() {
    assertInvalidToken(Http.get(gateway.url("/orders/1"), "Authorization", "Bearer "), null);
  }

  @Test
  void missingScope_isForbidden_withAnInsufficientScopeChallenge() {
    String readOnly = TestTokens.sign(claims().claim("scope", "orders:read").build(), key);
    HttpResponse<String> response = get("/write/1", readOnly);
    assertThat(response.statusCode()).isEqualTo(403);
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("forbidden");
    assertThat(problem.getString("detail")).isEqualTo("This route requires all of the scopes orders:read orders:write.");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"portico\","
        + " error=\"insufficient_scope\", error_description=\"This route requires all of the scopes orders:read"
        + " orders:write.\"");
    assertUpstreamReceivedNothing();

    String readWrite = TestTokens.sign(claims().claim("scope", "orders:write orders:read").build(), key);
    assertThat(get("/write/1", readWrite).statusCode()).isEqualTo(200);
  }

  @Test
  void anyOfScopes_fromScopeStringOrScpList() {
    assertThat(get("/support/1", TestTokens.sign(claims().claim("scp", List.of("admin")).build(), key)).statusCode())
        .isEqualTo(200);
    assertThat(get("/support/1", TestTokens.sign(claims().claim("scope", "support").build(), key)).statusCode())
        .isEqualTo(200);
    reachedUpstream = upstream.started();
    assertThat(get("/support/1", TestTokens.sign(claims().claim("scope", "orders:read").build(), key)).statusCode())
        .isEqualTo(403);
    assertUpstreamReceivedNothing();
  }
}
