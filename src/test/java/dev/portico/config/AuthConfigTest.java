package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.testing.TestTokens;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code auth} section and routes' {@code auth}: every key binds, and defaults apply only to absent keys. */
class AuthConfigTest {
  private static final String UPSTREAM = "upstreams: { u: { targets: [http://h:1] } }\n";
  private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef";
  private static RSAKey rsa;

  @BeforeAll
  static void keys() {
    rsa = TestTokens.rsa("k1");
  }

  static GatewayConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", Map.of("JWT_SECRET", SECRET)::get);
  }

  static String indent(String text, int spaces) {
    return text.strip().indent(spaces);
  }

  @Test
  void jwksIssuer_everyKey() throws ConfigException {
    GatewayConfig config = parse(UPSTREAM + """
        auth:
          jwt:
            main:
              issuer: https://id.example.com
              audiences: [shop, admin]
              jwks: https://id.example.com/.well-known/jwks.json
              algorithms: [RS256, es256]
              clockSkew: 10s
              requiredClaims: [jti, sub]
              scopeClaims: [scope, roles]
              jwksRefresh: 10m
              jwksMinRefetchInterval: 30s
              unknownKidTtl: 2m
              maxTokenSize: 16KiB
          apiKeys: { header: X-Key, queryParameter: api_key }
          tenant: { claim: tid }
        """);
    assertThat(config.auth().jwt()).containsOnlyKeys("main");
    assertThat(config.auth().jwt().get("main")).isEqualTo(new JwtIssuerConfig("main", "https://id.example.com",
        List.of("shop", "admin"), URI.create("https://id.example.com/.well-known/jwks.json"), List.of(), null,
        List.of("RS256", "ES256"), Duration.ofSeconds(10), List.of("jti", "sub"), List.of("scope", "roles"),
        Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(2), 16 * 1024));
    assertThat(config.auth().apiKeys()).isEqualTo(new ApiKeysConfig("X-Key", "api_key"));
    assertThat(config.auth().tenant()).isEqualTo(new TenantConfig("tid", null));
  }

  @Test
  void defaults_forAJwksIssuer() throws ConfigException {
    GatewayConfig config = parse("""
        auth: { jwt: { main: { issuer: https://id, audiences: shop, jwks: "http://127.0.0.1:9/jwks" } } }
        """);
    JwtIssuerConfig main = config.auth().jwt().get("main");
    assertThat(main.audiences()).containsExactly("shop");
    assertThat(main.algorithms()).containsExactly("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
        "ES384", "ES512");
    assertThat(main.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(main.requiredClaims()).isEmpty();
    assertThat(main.scopeClaims()).containsExactly("scope", "scp");
    assertThat(main.jwksRefresh()).isEqualTo(Duration.ofMinutes(5));
    assertThat(main.jwksMinRefetchInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(main.unknownKidTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(main.maxTokenSize()).isEqualTo(8192);
    assertThat(config.auth().apiKeys()).isEqualTo(ApiKeysConfig.ofDefault());
    assertThat(config.auth().tenant()).isNull();
  }

  @Test
  void noAuthSection_isEmpty() throws ConfigException {
    assertThat(parse(UPSTREAM).auth()).isEqualTo(AuthConfig.ofDefault());
  }

  @Test
  void staticKeys_pemPemFileAndJwk_becomePublicJwks(@TempDir Path dir) throws Exception {
    RSAKey second = TestTokens.rsa("k2");
    Files.writeString(dir.resolve("idp.pem"), TestTokens.pem(second));
    var ec = TestTokens.ec("k3");
    GatewayConfig config = ConfigLoader.parse("""
        auth:
          jwt:
            partner:
              issuer: https://partner
              audiences: [shop]
              keys:
                - kid: k1
                  pem: |
        """ + indent(TestTokens.pem(rsa), 12) + """
                - { pemFile: idp.pem, kid: k2 }
                - jwk: { kty: EC, crv: P-256, kid: k3, x: "%s", y: "%s" }
        """.formatted(ec.getX(), ec.getY()), dir.resolve("portico.yaml").toString(), k -> null);
    JwtIssuerConfig partner = config.auth().jwt().get("partner");
    assertThat(partner.keys()).hasSize(3);
    RSAKey first = JWK.parse(partner.keys().get(0)).toRSAKey();
    assertThat(first.getModulus()).isEqualTo(rsa.getModulus());
    assertThat(first.getKeyID()).isEqualTo("k1");
    assertThat(first.isPrivate()).isFalse();
    assertThat(JWK.parse(partner.keys().get(1)).toRSAKey().getModulus()).isEqualTo(second.getModulus());
    assertThat(JWK.parse(partner.keys().get(2)).isPrivate()).isFalse();
    // Defaults follow the keys: RSA algorithms for the RSA keys, ES256 for the P-256 key, never HMAC.
    assertThat(partner.algorithms()).containsExactly("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256");
  }

  @Test
  void hmacSecret_fromEnvironment_withAlgorithmsItsLengthAllows() throws ConfigException {
    JwtIssuerConfig internal = parse("""
        auth: { jwt: { internal: { issuer: portico-tests, audiences: [shop], secret: "${JWT_SECRET}" } } }
        """).auth().jwt().get("internal");
    assertThat(internal.secret()).isEqualTo(SECRET);
    assertThat(internal.usesSecret()).isTrue();
    assertThat(internal.algorithms()).containsExactly("HS256", "HS384");
    assertThat(internal.toString()).doesNotContain(SECRET).contains("secret=(redacted)");
  }

  @Test
  void routeAuth_everyKey() throws ConfigException {
    GatewayConfig config = parse(UPSTREAM + """
        auth:
          jwt:
            main: { issuer: https://id, audiences: [shop], jwks: "https://id/jwks" }
            partner: { issuer: https://partner, audiences: [shop], jwks: "https://partner/jwks" }
          apiKeys: { queryParameter: key }
        routes:
          - id: a
            upstream: u
            auth: { jwt: main, scopes: [orders:read, orders:write] }
          - id: b
            upstream: u
            auth:
              jwt: [main, partner]
              apiKey: { query: true }
              mtls: true
              scopes: { anyOf: [admin, support], allOf: [staff] }
              tokenFrom: { cookie: session, query: access_token }
          - id: c
            upstream: u
            auth: { apiKey: true, optional: true }
          - { id: d, upstream: u }
        """);
    List<RouteConfig> routes = config.routes();
    assertThat(routes.get(0).auth()).isEqualTo(new RouteAuthConfig(List.of("main"), false, false, false,
        List.of("orders:read", "orders:write"), List.of(), null, null, false));
    assertThat(routes.get(1).auth()).isEqualTo(new RouteAuthConfig(List.of("main", "partner"), true, true, true,
        List.of("staff"), List.of("admin", "support"), "session", "access_token", false));
    assertThat(routes.get(2).auth()).isEqualTo(new RouteAuthConfig(List.of(), true, false, false, List.of(),
        List.of(), null, null, true));
    assertThat(routes.get(3).auth()).isNull();
  }

  @Test
  void tenantFromSubdomain_isLowerCased() throws ConfigException {
    assertThat(parse("auth: { tenant: { subdomainOf: Example.COM } }").auth().tenant())
        .isEqualTo(new TenantConfig(null, "example.com"));
  }
}
