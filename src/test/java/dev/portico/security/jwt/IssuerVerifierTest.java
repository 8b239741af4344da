package dev.portico.security.jwt;

import static dev.portico.testing.TestTokens.AUDIENCE;
import static dev.portico.testing.TestTokens.ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.portico.config.JwtIssuerConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.testing.MutableClock;
import dev.portico.testing.TestTokens;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One issuer's verification, on a fake clock: every check, the algorithm confusions, and the cache. */
class IssuerVerifierTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static RSAKey rsa;
  private static RSAKey otherRsa;
  private static ECKey ec;

  private MutableClock clock;
  private AtomicInteger keyLookups;

  @BeforeAll
  static void keys() {
    rsa = TestTokens.rsa("k1");
    otherRsa = TestTokens.rsa("k1");
    ec = TestTokens.ec("e1");
  }

  @BeforeEach
  void setUp() {
    clock = new MutableClock(T0);
    keyLookups = new AtomicInteger();
  }

  static JwtIssuerConfig config(List<String> keys, String secret, List<String> algorithms, List<String> required,
      int maxTokenSize) {
    return new JwtIssuerConfig("main", ISSUER, List.of(AUDIENCE, "admin"), null, keys, secret, algorithms,
        Duration.ofSeconds(30), required, JwtIssuerConfig.DEFAULT_SCOPE_CLAIMS, JwtIssuerConfig.DEFAULT_JWKS_REFRESH,
        JwtIssuerConfig.DEFAULT_JWKS_MIN_REFETCH_INTERVAL, JwtIssuerConfig.DEFAULT_UNKNOWN_KID_TTL, maxTokenSize);
  }

  static JwtIssuerConfig publicKeys(JWK... keys) {
    return config(java.util.Arrays.stream(keys).map(k -> k.toPublicJWK().toJSONString()).toList(), null,
        List.of("RS256", "PS256", "ES256"), List.of(), 8192);
  }

  /** A verifier whose key lookups are counted, so tests can tell a cache hit from a verification. */
  private IssuerVerifier verifier(JwtIssuerConfig config) {
    IssuerVerifier built = new JwtIssuers(uri -> Future.failedFuture("no JWKS here"), null, clock, () -> {})
        .create(config);
    KeySource counted = keyId -> {
      keyLookups.incrementAndGet();
      return built.keySource().keys(keyId);
    };
    return new IssuerVerifier(config, counted, clock);
  }

  private IssuerVerifier rsaVerifier() {
    return verifier(publicKeys(rsa, ec));
  }

  private static JWTClaimsSet.Builder claims() {
    return TestTokens.claims(T0);
  }

  private static String refusal(Future<VerifiedJwt> result) {
    assertThat(result.failed()).as("expected a refusal, got %s", result.result()).isTrue();
    assertThat(result.cause()).isInstanceOf(GatewayException.class);
    GatewayException e = (GatewayException) result.cause();
    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    return e.detail();
  }

  @Test
  void validToken_isVerified_withItsClaims() {
    String token = TestTokens.sign(claims().jwtID("j-1").claim("scope", "orders:read").build(), rsa);
    Future<VerifiedJwt> result = rsaVerifier().verify(token);
    assertThat(result.succeeded()).isTrue();
    VerifiedJwt jwt = result.result();
    assertThat(jwt.issuer()).isEqualTo("main");
    assertThat(jwt.subject()).isEqualTo("alice");
    assertThat(jwt.jwtId()).isEqualTo("j-1");
    assertThat(jwt.issuedAt()).isEqualTo(T0);
    assertThat(jwt.expiresAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(jwt.claims()).containsEntry("scope", "orders:read").containsEntry("exp", T0.plusSeconds(3600)
        .getEpochSecond());
  }

  @Test
  void ecToken_isVerifiedWithTheEcKey() {
    assertThat(rsaVerifier().verify(TestTokens.sign(claims().build(), ec)).succeeded()).isTrue();
  }

  @Test
  void algNone_inEverySpelling_isRefused() {
    IssuerVerifier verifier = rsaVerifier();
    JWTClaimsSet claims = claims().build();
    for (String alg : List.of("none", "None", "NONE", "nOnE")) {
      String unsigned = TestTokens.unsigned("{\"alg\":\"" + alg + "\",\"kid\":\"k1\"}", claims);
      // Without a signature the parser refuses it; with some bytes in its place, the algorithm allow-list does.
      assertThat(refusal(verifier.verify(unsigned))).isEqualTo("The token is not a well-formed signed JWT.");
      assertThat(refusal(verifier.verify(unsigned + "c2lnbmF0dXJl")))
          .isIn("The token's signing algorithm is not accepted.", "The token is not a well-formed signed JWT.");
    }
    String withSignature = TestTokens.unsigned("{\"alg\":\"None\",\"kid\":\"k1\"}", claims) + "c2lnbmF0dXJl";
    assertThat(refusal(verifier.verify(withSignature))).isEqualTo("The token's signing algorithm is not accepted.");
    assertThat(keyLookups).hasValue(0);
  }

  @Test
  void hmacSignedWithTheRsaPublicKey_isRefused() {
    IssuerVerifier verifier = rsaVerifier();
    JWTClaimsSet claims = claims().build();
    byte[] pemBytes = TestTokens.pem(rsa).getBytes(StandardCharsets.US_ASCII);
    byte[] jwkBytes = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    for (byte[] secret : List.of(pemBytes, jwkBytes)) {
      for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512)) {
        assertThat(refusal(verifier.verify(TestTokens.hmac(claims, secret, alg, "k1"))))
            .isEqualTo("The token's signing algorithm is not accepted.");
      }
    }
  }

  @Test
  void rsaKeys_neverOfferThemselvesForHmac_evenIfHmacWereAllowed() {
    VerificationKeys keys = VerificationKeys.ofPublicKeys(List.of(rsa.toPublicJWK()),
        Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256));
    assertThat(keys.candidates("k1", JWSAlgorithm.HS256)).isEmpty();
    assertThat(keys.candidates("k1", JWSAlgorithm.RS256)).hasSize(1);
    assertThat(keys.candidates(null, JWSAlgorithm.HS256)).isEmpty();
  }

  @Test
  void jwksWithASymmetricKey_neverUsesIt() {
    VerificationKeys keys = VerificationKeys.ofPublicKeys(
        List.of(new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(SECRET.getBytes(StandardCharsets.UTF_8))
            .keyID("h1").build()), Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256));
    assertThat(keys.size()).isZero();
    assertThat(keys.skipped()).containsExactly("kid h1: key type oct is not accepted");
  }

  @Test
  void badSignature_isRefused() {
    String forged = TestTokens.sign(claims().build(), otherRsa);
    assertThat(refusal(rsaVerifier().verify(forged))).isEqualTo("The token's signature is invalid.");
    String valid = TestTokens.sign(claims().build(), rsa);
    String tampered = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA" + valid.substring(valid.lastIndexOf('.') + 5);
    assertThat(refusal(rsaVerifier().verify(tampered))).isEqualTo("The token's signature is invalid.");
  }

  @Test
  void expiry_withClockSkew() {
    IssuerVerifier verifier = rsaVerifier();
    String expiredWithinSkew = TestTokens.sign(claims().expirationTime(Date.from(T0.minusSeconds(20))).build(), rsa);
    String expired = TestTokens.sign(claims().expirationTime(Date.from(T0.minusSeconds(31))).build(), rsa);
    String noExpiry = TestTokens.sign(claims().expirationTime(null).build(), rsa);
    assertThat(verifier.verify(expiredWithinSkew).succeeded()).isTrue();
    assertThat(refusal(verifier.verify(expired))).isEqualTo("The token has expired.");
    assertThat(refusal(verifier.verify(noExpiry))).isEqualTo("The token has no expiry time.");
  }

  @Test
  void notBefore_andIssuedAt_withClockSkew() {
    IssuerVerifier verifier = rsaVerifier();
    assertThat(verifier.verify(TestTokens.sign(claims().notBeforeTime(Date.from(T0.plusSeconds(20))).build(), rsa))
        .succeeded()).isTrue();
    assertThat(refusal(verifier.verify(
        TestTokens.sign(claims().notBeforeTime(Date.from(T0.plusSeconds(31))).build(), rsa))))
        .isEqualTo("The token is not valid yet.");
    assertThat(refusal(verifier.verify(
        TestTokens.sign(claims().issueTime(Date.from(T0.plusSeconds(60))).build(), rsa))))
        .isEqualTo("The token's issue time is in the future.");
  }

  @Test
  void issuerAndAudience_mustMatch() {
    IssuerVerifier verifier = rsaVerifier();
    assertThat(refusal(verifier.verify(TestTokens.sign(claims().issuer("https://evil.example").build(), rsa))))
        .isEqualTo("The token's issuer is not accepted.");
    assertThat(refusal(verifier.verify(TestTokens.sign(claims().issuer(null).build(), rsa))))
        .isEqualTo("The token's issuer is not accepted.");
    assertThat(refusal(verifier.verify(TestTokens.sign(claims().audience("billing").build(), rsa))))
        .isEqualTo("The token is not meant for this audience.");
    assertThat(refusal(verifier.verify(TestTokens.sign(claims().audience((String) null).build(), rsa))))
        .isEqualTo("The token is not meant for this audience.");
    assertThat(verifier.verify(TestTokens.sign(claims().audience(List.of("billing", "admin")).build(), rsa))
        .succeeded()).isTrue();
  }

  @Test
  void requiredClaims_mustBePresent() {
    IssuerVerifier verifier = verifier(config(List.of(rsa.toPublicJWK().toJSONString()), null, List.of("RS256"),
        List.of("jti", "tid"), 8192));
    assertThat(refusal(verifier.verify(TestTokens.sign(claims().jwtID("j").build(), rsa))))
        .isEqualTo("The token lacks the required claim tid.");
    assertThat(verifier.verify(TestTokens.sign(claims().jwtID("j").claim("tid", "acme").build(), rsa)).succeeded())
        .isTrue();
  }

  @Test
  void oversizedToken_isRefusedBeforeParsing() {
    IssuerVerifier verifier = verifier(config(List.of(rsa.toPublicJWK().toJSONString()), null, List.of("RS256"),
        List.of(), 1024));
    String big = TestTokens.sign(claims().claim("pad", "x".repeat(2000)).build(), rsa);
    assertThat(refusal(verifier.verify(big))).isEqualTo("The token is longer than 1024 bytes.");
    assertThat(refusal(verifier.verify("not even a token ".repeat(100))))
        .isEqualTo("The token is longer than 1024 bytes.");
    assertThat(keyLookups).hasValue(0);
  }

  @Test
  void keyIdWithPathOrQuoteCharacters_isOnlyALookupKey() {
    IssuerVerifier verifier = rsaVerifier();
    for (String kid : List.of("../../../etc/passwd", "k1\" or \"1\"=\"1", "k1'--", "http://127.0.0.1:1/jwks",
        "k1\\u0000", "%2e%2e%2f")) {
      String token = TestTokens.sign(claims().build(), rsa, JWSAlgorithm.RS256, h -> h.keyID(kid));
      String detail = refusal(verifier.verify(token));
      assertThat(detail).isEqualTo("The token's key id is not one of the issuer's keys.").doesNotContain(kid);
    }
  }

  @Test
  void keysEmbeddedOrLinkedInTheHeader_areIgnored() throws Exception {
    RSAKey attacker = TestTokens.rsa("evil");
    IssuerVerifier verifier = rsaVerifier();
    JWTClaimsSet claims = claims().build();
    String jwk = TestTokens.sign(claims, attacker, JWSAlgorithm.RS256, h -> h.keyID(null).jwk(attacker.toPublicJWK()));
    String jwkWithOurKid = TestTokens.sign(claims, attacker, JWSAlgorithm.RS256,
        h -> h.keyID("k1").jwk(attacker.toPublicJWK()));
    String jku = TestTokens.sign(claims, attacker, JWSAlgorithm.RS256,
        h -> h.jwkURL(java.net.URI.create("http://127.0.0.1:1/evil.json")));
    String x5u = TestTokens.sign(claims, attacker, JWSAlgorithm.RS256,
        h -> h.keyID("k1").x509CertURL(java.net.URI.create("http://127.0.0.1:1/evil.pem")));
    assertThat(refusal(verifier.verify(jwk))).isEqualTo("The token's signature is invalid.");
    assertThat(refusal(verifier.verify(jwkWithOurKid))).isEqualTo("The token's signature is invalid.");
    assertThat(refusal(verifier.verify(jku))).isEqualTo("The token's key id is not one of the issuer's keys.");
    assertThat(refusal(verifier.verify(x5u))).isEqualTo("The token's signature is invalid.");
  }

  @Test
  void unknownCriticalHeader_isRefused() {
    String token = TestTokens.sign(claims().build(), rsa, JWSAlgorithm.RS256,
        h -> h.criticalParams(Set.of("exp-policy")).customParam("exp-policy", "lax"));
    assertThat(refusal(rsaVerifier().verify(token))).isEqualTo("The token's signature is invalid.");
  }

  @Test
  void malformedTokens_areRefused() {
    IssuerVerifier verifier = rsaVerifier();
    for (String junk : List.of("", "a", "a.b", "a.b.c", "a.b.c.d.e", "....", "eyJhbGciOiJSUzI1NiJ9.!!!.sig")) {
      assertThat(refusal(verifier.verify(junk))).startsWith("The token");
    }
  }

  @Test
  void hmacIssuer_acceptsItsSecretOnly() {
    IssuerVerifier verifier = verifier(config(List.of(), SECRET, List.of("HS256"), List.of(), 8192));
    JWTClaimsSet claims = claims().build();
    assertThat(verifier.verify(TestTokens.hmac(claims, SECRET.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256,
        null)).succeeded()).isTrue();
    assertThat(refusal(verifier.verify(TestTokens.hmac(claims, "another-secret-another-secret-xx".getBytes(
        StandardCharsets.UTF_8), JWSAlgorithm.HS256, null)))).isEqualTo("The token's signature is invalid.");
    assertThat(refusal(verifier.verify(TestTokens.sign(claims, rsa))))
        .isEqualTo("The token's signing algorithm is not accepted.");
  }

  @Test
  void repeatedToken_isServedFromTheCache_withoutVerifyingAgain() {
    IssuerVerifier verifier = rsaVerifier();
    String token = TestTokens.sign(claims().build(), rsa);
    VerifiedJwt first = verifier.verify(token).result();
    assertThat(keyLookups).hasValue(1);
    VerifiedJwt again = verifier.verify(token).result();
    assertThat(again).isSameAs(first);
    assertThat(keyLookups).hasValue(1);
  }

  @Test
  void cachedToken_isNeverServedPastItsExpiry() {
    IssuerVerifier verifier = rsaVerifier();
    String token = TestTokens.sign(claims().expirationTime(Date.from(T0.plusSeconds(60))).build(), rsa);
    assertThat(verifier.verify(token).succeeded()).isTrue();
    clock.advance(Duration.ofSeconds(59));
    assertThat(verifier.verify(token).succeeded()).isTrue();
    assertThat(keyLookups).hasValue(1);
    // Past exp the cache no longer answers; within the skew the token verifies again, after it is refused.
    clock.advance(Duration.ofSeconds(2));
    assertThat(verifier.verify(token).succeeded()).isTrue();
    assertThat(keyLookups).hasValue(2);
    clock.advance(Duration.ofSeconds(30));
    assertThat(refusal(verifier.verify(token))).isEqualTo("The token has expired.");
  }

  @Test
  void cachedToken_isVerifiedAgainAfterTheMaximumCacheTime() {
    IssuerVerifier verifier = rsaVerifier();
    String token = TestTokens.sign(claims().build(), rsa);
    verifier.verify(token);
    clock.advance(IssuerVerifier.MAX_CACHE_TIME.minusSeconds(1));
    verifier.verify(token);
    assertThat(keyLookups).hasValue(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(verifier.verify(token).succeeded()).isTrue();
    assertThat(keyLookups).hasValue(2);
  }

  @Test
  void refusedTokens_areNotCached() {
    IssuerVerifier verifier = rsaVerifier();
    String forged = TestTokens.sign(claims().build(), otherRsa);
    refusal(verifier.verify(forged));
    refusal(verifier.verify(forged));
    assertThat(keyLookups).hasValue(2);
  }

  @Test
  void multipleIssuers_pickByIssuer_andShareNothingElse() {
    RSAKey partnerKey = TestTokens.rsa("p1");
    JwtIssuerConfig partner = new JwtIssuerConfig("partner", "https://partner.example", List.of(AUDIENCE), null,
        List.of(partnerKey.toPublicJWK().toJSONString()), null, List.of("RS256"), Duration.ofSeconds(30), List.of(),
        List.of("roles"), Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMinutes(1), 8192);
    JwtIssuers issuers = new JwtIssuers(uri -> Future.failedFuture("none"), null, clock, () -> {});
    JwtVerifier both = MultiIssuerVerifier.anyOf(List.of(issuers.create(publicKeys(rsa)), issuers.create(partner)));
    assertThat(both.verify(TestTokens.sign(claims().build(), rsa)).result().issuer()).isEqualTo("main");
    String partnerToken = TestTokens.sign(claims().issuer("https://partner.example").build(), partnerKey);
    assertThat(both.verify(partnerToken).result().issuer()).isEqualTo("partner");
    assertThat(both.verify(partnerToken).result().issuer()).isEqualTo("partner");
    // The partner's key cannot sign for the main issuer.
    assertThat(refusal(both.verify(TestTokens.sign(claims().build(), partnerKey))))
        .isEqualTo("The token's key id is not one of the issuer's keys.");
    assertThat(refusal(both.verify(TestTokens.sign(claims().issuer("https://other").build(), rsa))))
        .isEqualTo("The token's issuer is not accepted.");
  }
}
