package dev.portico.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/** Keys and tokens for tests: real keys, real signatures, and the malformed tokens attackers send. */
public final class TestTokens {
  public static final String ISSUER = "https://id.example.test";
  public static final String AUDIENCE = "shop";

  private TestTokens() {}

  public static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public half as a JWKS document. */
  public static String jwks(JWK... keys) {
    return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
  }

  /** The public key as PEM (SubjectPublicKeyInfo). */
  public static String pem(RSAKey key) {
    try {
      byte[] der = key.toRSAPublicKey().getEncoded();
      return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims valid for an hour from {@code now}: the configured issuer and audience, subject alice. */
  public static JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("alice")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)));
  }

  public static JWTClaimsSet.Builder claims() {
    return claims(Instant.now());
  }

  /** Signed with {@code key} (RS256 for RSA, ES256 for EC), its kid in the header. */
  public static String sign(JWTClaimsSet claims, JWK key) {
    return sign(claims, key, key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256, h -> {});
  }

  public static String sign(JWTClaimsSet claims, JWK key, JWSAlgorithm alg, Consumer<JWSHeader.Builder> header) {
    try {
      JWSHeader.Builder h = new JWSHeader.Builder(alg).keyID(key.getKeyID());
      header.accept(h);
      JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
      SignedJWT jwt = new SignedJWT(h.build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-signed with {@code secret} as the key, whatever that secret is (e.g. an RSA public key's bytes). */
  public static String hmac(JWTClaimsSet claims, byte[] secret, JWSAlgorithm alg, String kid) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with this exact header JSON and an empty signature, as "alg":"none" tokens are sent. */
  public static String unsigned(String headerJson, JWTClaimsSet claims) {
    return Base64URL.encode(headerJson) + "." + Base64URL.encode(claims.toString()) + ".";
  }

  /** Replaces the header of a signed token while keeping its payload and signature. */
  public static String withHeader(String token, String headerJson) {
    return Base64URL.encode(headerJson) + token.substring(token.indexOf('.'));
  }
}
