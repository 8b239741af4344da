package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.testing.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each kind of mistake in {@code auth} sections, with its exact {@code file:line:col: path: message} text. */
class AuthConfigErrorsTest {
  private static final String UPSTREAM = "upstreams: { u: { targets: [http://h:1] } }\n";
  private static final String JWKS = "https://id/jwks";
  private static RSAKey rsa;

  @BeforeAll
  static void keys() {
    rsa = TestTokens.rsa("k1");
  }

  /** One issuer {@code main} with the given extra keys, on line 1. */
  private static String issuer(String extra) {
    return "auth: { jwt: { main: { issuer: https://id, audiences: [shop], " + extra + " } } }";
  }

  @Test
  void unknownIssuerKey_suggestsTheRightOne() {
    assertThat(errors(issuer("jwks: " + JWKS + ", audience: shop"))).containsExactly(
        "portico.yaml:1:86: auth.jwt.main.audience: unknown key (did you mean \"audiences\"?)");
  }

  @Test
  void algNone_isRefusedInAnySpelling() {
    assertThat(errors(issuer("jwks: " + JWKS + ", algorithms: [RS256, none, NONE, nOnE]"))).containsExactly(
        "portico.yaml:1:106: auth.jwt.main.algorithms[1]: \"none\" is never accepted (expected: one of HS256, HS384,"
            + " HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512)",
        "portico.yaml:1:112: auth.jwt.main.algorithms[2]: \"NONE\" is never accepted (expected: one of HS256, HS384,"
            + " HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512)",
        "portico.yaml:1:118: auth.jwt.main.algorithms[3]: \"nOnE\" is never accepted (expected: one of HS256, HS384,"
            + " HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512)");
  }

  @Test
  void unknownAlgorithm() {
    assertThat(errors(issuer("jwks: " + JWKS + ", algorithms: [EdDSA]"))).containsExactly(
        "portico.yaml:1:99: auth.jwt.main.algorithms[0]: \"EdDSA\" (expected: one of HS256, HS384, HS512, RS256,"
            + " RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512)");
  }

  @Test
  void hmacWithJwks_isRefused() {
    assertThat(errors(issuer("jwks: " + JWKS + ", algorithms: [RS256, HS256]"))).containsExactly(
        "portico.yaml:1:106: auth.jwt.main.algorithms[1]: \"HS256\" cannot be used with public keys (expected: one"
            + " of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512; with HMAC anyone holding the"
            + " public key could sign tokens)");
  }

  @Test
  void hmacWithStaticPublicKeys_isRefused() {
    String yaml = """
        auth:
          jwt:
            main:
              issuer: https://id
              audiences: [shop]
              algorithms: [HS256]
              keys:
                - pem: |
        """ + AuthConfigTest.indent(TestTokens.pem(rsa), 12);
    assertThat(errors(yaml)).containsExactly(
        "portico.yaml:6:20: auth.jwt.main.algorithms[0]: \"HS256\" cannot be used with public keys (expected: one"
            + " of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512; with HMAC anyone holding the"
            + " public key could sign tokens)");
  }

  @Test
  void asymmetricAlgorithmWithSecret_isRefused() {
    assertThat(errors(issuer("secret: \"${S}\", algorithms: [RS256]"),
        Map.of("S", "x".repeat(32))::get)).containsExactly(
        "portico.yaml:1:92: auth.jwt.main.algorithms[0]: \"RS256\" needs a public key, but this issuer has a secret"
            + " (expected: HS256, HS384 or HS512)");
  }

  @Test
  void shortSecret_isRefusedWithoutShowingIt() {
    assertThat(errors(issuer("secret: \"${S}\""), Map.of("S", "hunter2")::get)).containsExactly(
        "portico.yaml:1:71: auth.jwt.main.secret: the secret is 7 bytes long (expected: a secret of at least 32"
            + " bytes, e.g. ${JWT_SECRET})");
    assertThat(errors(issuer("secret: hunter2hunter2"))).singleElement().asString().doesNotContain("hunter2");
  }

  @Test
  void hs512_needsA64ByteSecret() {
    assertThat(errors(issuer("secret: \"${S}\", algorithms: [HS256, HS512]"),
        Map.of("S", "x".repeat(40))::get)).containsExactly(
        "portico.yaml:1:99: auth.jwt.main.algorithms[1]: \"HS512\" needs a secret of at least 64 bytes (the secret"
            + " is 40)");
  }

  @Test
  void keySources_exactlyOne() {
    assertThat(errors("auth: { jwt: { main: { issuer: https://id, audiences: [shop] } } }")).containsExactly(
        "portico.yaml:1:22: auth.jwt.main: sets none of jwks, keys and secret (expected: exactly one)");
    assertThat(errors(issuer("jwks: " + JWKS + ", secret: " + "x".repeat(32)))).containsExactly(
        "portico.yaml:1:22: auth.jwt.main: sets more than one of jwks, keys and secret (expected: exactly one)");
  }

  @Test
  void missingIssuerAndAudiences() {
    assertThat(errors("auth: { jwt: { main: { jwks: " + JWKS + " } } }")).containsExactly(
        "portico.yaml:1:22: auth.jwt.main: missing required key \"issuer\"",
        "portico.yaml:1:22: auth.jwt.main: missing required key \"audiences\"");
    assertThat(errors("auth: { jwt: { main: } }")).containsExactly(
        "portico.yaml:1:21: auth.jwt.main: missing required keys \"issuer\" and \"audiences\", and one of \"jwks\","
            + " \"keys\" or \"secret\"");
  }

  @Test
  void plainHttpJwks_onlyToLoopback() {
    assertThat(errors(issuer("jwks: http://id.example.com/jwks"))).containsExactly(
        "portico.yaml:1:69: auth.jwt.main.jwks: \"http://id.example.com/jwks\" (expected: an https:// URL (http://"
            + " only to 127.0.0.1, ::1 or localhost))");
    assertThat(errors(issuer("jwks: \"https://user@id/jwks\""))).containsExactly(
        "portico.yaml:1:69: auth.jwt.main.jwks: \"https://user@id/jwks\" (expected: an https:// URL (http://"
            + " only to 127.0.0.1, ::1 or localhost))");
  }

  @Test
  void badDurationsAndSizes() {
    assertThat(errors(issuer("jwks: " + JWKS + ", clockSkew: 1h, jwksRefresh: 0s, unknownKidTtl: soon,"
        + " maxTokenSize: 0"))).containsExactly(
        "portico.yaml:1:97: auth.jwt.main.clockSkew: \"1h\" (expected: a duration like 250ms, 2s, 1m, at most 10m)",
        "portico.yaml:1:114: auth.jwt.main.jwksRefresh: \"0s\" (expected: a positive duration like 250ms, 2s, 1m)",
        "portico.yaml:1:133: auth.jwt.main.unknownKidTtl: \"soon\" (expected: a duration like 250ms, 2s, 1m)",
        "portico.yaml:1:153: auth.jwt.main.maxTokenSize: \"0\" (expected: a size above zero and below 2GiB)");
  }

  @Test
  void jwksSettings_withoutJwks_andMinRefetchLongerThanRefresh() {
    assertThat(errors(issuer("secret: " + "x".repeat(32) + ", jwksRefresh: 1m"))).containsExactly(
        "portico.yaml:1:118: auth.jwt.main.jwksRefresh: only applies to an issuer with jwks");
    assertThat(errors(issuer("jwks: " + JWKS + ", jwksRefresh: 1m, jwksMinRefetchInterval: 2m")))
        .containsExactly("portico.yaml:1:127: auth.jwt.main.jwksMinRefetchInterval: \"2m\" is longer than"
            + " jwksRefresh 1m (expected: at most jwksRefresh)");
  }

  @Test
  void badStaticKeys() {
    String yaml = """
        auth:
          jwt:
            main:
              issuer: https://id
              audiences: [shop]
              keys:
                - pem: "not a key"
                - { pem: "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----" }
                - jwk: { kty: oct, k: c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0 }
                - { pemFile: /nonexistent/idp.pem }
                - { jwk: "{}", kid: x }
                - { }
        """;
    assertThat(errors(yaml)).containsExactly(
        "portico.yaml:7:16: auth.jwt.main.keys[0].pem: \"not a key\" (expected: a PEM public key (BEGIN PUBLIC KEY)"
            + " or certificate (BEGIN CERTIFICATE))",
        "portico.yaml:8:18: auth.jwt.main.keys[1].pem: \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE"
            + " KEY-----\" is a private key (expected: a PEM public key (BEGIN PUBLIC KEY) or certificate (BEGIN"
            + " CERTIFICATE); the gateway only needs the public key)",
        "portico.yaml:9:16: auth.jwt.main.keys[2].jwk: \"{kty: oct}\" is a symmetric key (expected: a public RSA or EC"
            + " JWK; put an HMAC key in the issuer's secret)",
        "portico.yaml:10:22: auth.jwt.main.keys[3].pemFile: \"/nonexistent/idp.pem\" cannot be read:"
            + " NoSuchFileException (expected: a readable PEM file)",
        "portico.yaml:11:29: auth.jwt.main.keys[4].kid: only applies to pem and pemFile (a jwk carries its own kid)",
        "portico.yaml:12:11: auth.jwt.main.keys[5]: sets none of pem, pemFile and jwk (expected: exactly one)");
  }

  @Test
  void weakRsaKey_isRefused() throws Exception {
    RSAKey weak = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(1024, true).keyID("weak").generate();
    String yaml = "auth: { jwt: { main: { issuer: https://id, audiences: [shop], keys: [ { jwk: '"
        + weak.toPublicJWK().toJSONString() + "' } ] } } }";
    assertThat(errors(yaml)).singleElement().asString()
        .startsWith("portico.yaml:1:78: auth.jwt.main.keys[0].jwk: ")
        .endsWith(" is a 1024-bit RSA key (expected: at least 2048 bits)");
  }

  @Test
  void algorithmNoKeyCanVerify() {
    String yaml = """
        auth:
          jwt:
            main:
              issuer: https://id
              audiences: [shop]
              algorithms: [ES256]
              keys:
                - pem: |
        """ + AuthConfigTest.indent(TestTokens.pem(rsa), 12);
    assertThat(errors(yaml)).containsExactly(
        "portico.yaml:6:20: auth.jwt.main.algorithms[0]: \"ES256\" cannot be verified by any of the keys (expected:"
            + " one of RS256, RS384, RS512, PS256, PS384, PS512)");
  }

  @Test
  void unknownIssuerInRoute_suggestsClosestName() {
    assertThat(errors(UPSTREAM + issuer("jwks: " + JWKS) + """

        routes:
          - { id: a, upstream: u, auth: { jwt: mian } }
          - { id: b, upstream: u, auth: { jwt: [main, other] } }
        """)).containsExactly(
        "portico.yaml:4:40: routes[0].auth.jwt: \"mian\" is not a defined issuer (did you mean \"main\"?)",
        "portico.yaml:5:47: routes[1].auth.jwt[1]: \"other\" is not a defined issuer (expected one of: main)");
  }

  @Test
  void issuerInRoute_whenNoneDefined() {
    assertThat(errors(UPSTREAM + "routes: [{ id: a, upstream: u, auth: { jwt: main } }]")).containsExactly(
        "portico.yaml:2:45: routes[0].auth.jwt: \"main\" is not a defined issuer (no issuers are defined in auth.jwt)");
  }

  @Test
  void routeAuth_mistakes() {
    assertThat(errors(UPSTREAM + issuer("jwks: " + JWKS) + """

        routes:
          - { id: a, upstream: u, auth: { } }
          - { id: b, upstream: u, auth: { jwt: main, scopes: "orders:read" } }
          - { id: c, upstream: u, auth: { jwt: main, scopes: [], optional: true } }
          - { id: d, upstream: u, auth: { apiKey: true, tokenFrom: { cookie: "a b" } } }
          - { id: e, upstream: u, auth: { jwt: main, scopes: [orders read], optional: maybe } }
          - { id: f, upstream: u, auth: { apiKey: { query: true } } }
          - { id: g, upstream: u, auth: { jwt: main, scopes: { oneOf: [a] } } }
        """)).containsExactly(
        "portico.yaml:4:33: routes[0].auth: accepts no credential (expected: at least one of jwt, apiKey: true,"
            + " mtls: true)",
        "portico.yaml:5:54: routes[1].auth.scopes: \"orders:read\" (expected: a list of scopes that must all be"
            + " granted, or { allOf: [..], anyOf: [..] })",
        "portico.yaml:6:54: routes[2].auth.scopes: no scopes (expected: at least one scope or role)",
        "portico.yaml:6:68: routes[2].auth.optional: cannot be combined with scopes (expected: optional: false, or"
            + " no scopes)",
        "portico.yaml:7:60: routes[3].auth.tokenFrom: only applies to a route with jwt",
        "portico.yaml:7:70: routes[3].auth.tokenFrom.cookie: \"a b\" (expected: a header or cookie name (letters,"
            + " digits and !#$%&'*+-.^_`|~))",
        "portico.yaml:8:55: routes[4].auth.scopes[0]: \"orders read\" (expected: a scope or role name without"
            + " spaces)",
        "portico.yaml:8:79: routes[4].auth.optional: \"maybe\" (expected: true or false)",
        "portico.yaml:9:52: routes[5].auth.apiKey.query: true needs auth.apiKeys.queryParameter (expected: the"
            + " parameter name set there, or query: false)",
        "portico.yaml:10:54: routes[6].auth.scopes: sets neither allOf nor anyOf (expected: at least one of them)",
        "portico.yaml:10:56: routes[6].auth.scopes.oneOf: unknown key (did you mean \"anyOf\"?)");
  }

  @Test
  void tenant_exactlyOneSource() {
    assertThat(errors("auth: { tenant: { claim: tid, subdomainOf: example.com } }")).containsExactly(
        "portico.yaml:1:17: auth.tenant: sets both claim and subdomainOf (expected: exactly one of them)");
    assertThat(errors("auth: { tenant: { subdomainOf: \"*.example.com\" } }")).containsExactly(
        "portico.yaml:1:32: auth.tenant.subdomainOf: \"*.example.com\" (expected: a domain like example.com)");
  }

  @Test
  void badApiKeyHeader() {
    assertThat(errors("auth: { apiKeys: { header: \"X Key\" } }")).containsExactly(
        "portico.yaml:1:28: auth.apiKeys.header: \"X Key\" (expected: a header or cookie name (letters, digits and"
            + " !#$%&'*+-.^_`|~))");
  }

  @Test
  void badIssuerName() {
    assertThat(errors("auth: { jwt: { \"my issuer\": { issuer: x, audiences: [a], jwks: " + JWKS + " } } }"))
        .containsExactly("portico.yaml:1:16: auth.jwt.my issuer: \"my issuer\" (expected: a name of letters,"
            + " digits, '.', '_' or '-')");
  }
}
