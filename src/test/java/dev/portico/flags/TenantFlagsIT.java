package dev.portico.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant feature flags over real upstreams: only a tenant established by authentication (here an API
 * key's consumer) is flagged, a client's own tenant header changes nothing, and a flag beats the split.
 */
class TenantFlagsIT {
  static final String ACME_KEY = "ak_acme_0123456789abcdef";
  static final String GLOBEX_KEY = "ak_globex_0123456789abcdef";
  static final String INITECH_KEY = "ak_initech_0123456789abcdef";
  static final String SECRET = "an-hmac-secret-of-at-least-32-bytes!!";

  static Vertx vertx;
  static TestUpstream orders;
  static TestUpstream ordersV2;
  static TestUpstream canary;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    orders = TestUpstream.echo(vertx, "orders");
    ordersV2 = TestUpstream.echo(vertx, "orders-v2");
    canary = TestUpstream.echo(vertx, "canary");
    gateway = TestGateway.start("""
        listen: { port: 0, trustedProxies: [127.0.0.1] }
        auth:
          jwt:
            main: { issuer: portico-test, audiences: [shop], secret: "%s" }
          tenant: { claim: tid }
        consumers:
          - { id: acme-app, tenant: acme, apiKey: %s }
          - { id: globex-app, tenant: globex, apiKey: %s }
          - { id: initech-app, tenant: initech, apiKey: %s }
        upstreams:
          orders: { targets: [%s] }
          orders-v2: { targets: [%s] }
          canary: { targets: [%s] }
        routes:
          - id: orders
            match: { path: /orders/** }
            auth: { apiKey: true, optional: true }
            upstream: orders
            flags:
              - { name: orders-v2, tenants: [acme], upstream: orders-v2 }
          - id: split
            match: { path: /split/** }
            auth: { apiKey: true, optional: true }
            upstreams:
              - { upstream: orders, weight: 50 }
              - { upstream: canary, weight: 50 }
            flags:
              - { name: early, tenants: [acme, globex], upstream: orders-v2 }
          - id: tokens
            match: { path: /tokens/** }
            auth: { jwt: main }
            upstream: orders
            flags:
              - { name: orders-v2, tenants: [acme], upstream: orders-v2 }
        """.formatted(SECRET, ACME_KEY, GLOBEX_KEY, INITECH_KEY, orders.url(), ordersV2.url(), canary.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    orders.close();
    ordersV2.close();
    canary.close();
    vertx.close();
  }

  static String upstreamFor(String path, String... headers) {
    var response = Http.get(gateway.url(path), headers);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("X-Upstream").orElseThrow();
  }

  @Test
  void flaggedTenantReachesTheFlagsUpstream() {
    assertThat(upstreamFor("/orders/1", "X-API-Key", ACME_KEY)).isEqualTo("orders-v2");
  }

  @Test
  void otherTenantsAndAnonymousRequestsReachTheRoutesUpstream() {
    assertThat(upstreamFor("/orders/1", "X-API-Key", GLOBEX_KEY)).isEqualTo("orders");
    assertThat(upstreamFor("/orders/1")).isEqualTo("orders");
  }

  @Test
  void aSpoofedTenantHeaderChangesNothing() {
    assertThat(upstreamFor("/orders/1", "X-Tenant-Id", "acme")).isEqualTo("orders");
    assertThat(upstreamFor("/orders/1", "X-API-Key", GLOBEX_KEY, "X-Tenant-Id", "acme")).isEqualTo("orders");
    // and the flagged tenant's upstream sees the verified tenant, not the forged one
    assertThat(upstreamFor("/orders/1", "X-API-Key", ACME_KEY, "X-Tenant-Id", "globex")).isEqualTo("orders-v2");
    assertThat(ordersV2.last().headers().getAll("X-Tenant-Id")).containsExactly("acme");
  }

  static String bearer(String tenant) throws Exception {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("portico-test").audience("shop").subject("alice")
        .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(Instant.now().plusSeconds(600)));
    if (tenant != null) {
      claims.claim("tid", tenant);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(new MACSigner(SECRET));
    return "Bearer " + jwt.serialize();
  }

  @Test
  void theTenantClaimOfAVerifiedTokenSelectsTheFlag() throws Exception {
    assertThat(upstreamFor("/tokens/1", "Authorization", bearer("acme"))).isEqualTo("orders-v2");
    assertThat(upstreamFor("/tokens/1", "Authorization", bearer("globex"))).isEqualTo("orders");
    assertThat(upstreamFor("/tokens/1", "Authorization", bearer(null), "X-Tenant-Id", "acme")).isEqualTo("orders");
  }

  @Test
  void flagsAreCheckedBeforeTheSplit() {
    Map<String, Integer> anonymous = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      String ip = "10.9.0." + i;
      assertThat(upstreamFor("/split/1", "X-API-Key", ACME_KEY, "X-Forwarded-For", ip)).isEqualTo("orders-v2");
      assertThat(upstreamFor("/split/1", "X-API-Key", GLOBEX_KEY, "X-Forwarded-For", ip)).isEqualTo("orders-v2");
      anonymous.merge(upstreamFor("/split/1", "X-Forwarded-For", ip), 1, Integer::sum);
    }
    // clients without a flag are still split between both sides, and never reach the flag's upstream
    assertThat(anonymous).containsOnlyKeys("orders", "canary");
    assertThat(upstreamFor("/split/1", "X-API-Key", INITECH_KEY)).isIn("orders", "canary");
  }
}
