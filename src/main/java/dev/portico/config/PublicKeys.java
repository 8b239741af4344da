package dev.portico.config;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.X509CertUtils;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the static public keys of a JWT issuer (PEM or JWK) into public JWK JSON, refusing what must never verify a
 * token: private keys, symmetric keys (HMAC has its own {@code secret} key), RSA keys under 2048 bits and curves
 * other than P-256, P-384 and P-521. Also the one list of the algorithms Portico accepts.
 */
final class PublicKeys {

  static final List<String> HMAC_ALGORITHMS = List.of("HS256", "HS384", "HS512");
  static final List<String> RSA_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
  static final List<String> EC_ALGORITHMS = List.of("ES256", "ES384", "ES512");
  static final String PEM_EXPECTED = "a PEM public key (BEGIN PUBLIC KEY) or certificate (BEGIN CERTIFICATE)";
  static final String JWK_EXPECTED = "a public RSA or EC JWK";
  static final int MIN_RSA_BITS = 2048;

  private PublicKeys() {}

  /** Every algorithm name Portico accepts, in upper case as JWS spells them. */
  static List<String> supported() {
    return List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
        "ES384", "ES512");
  }

  /** @throws IllegalArgumentException with a message starting with the quoted value, as parsers do */
  static JWK fromPem(String pem, String kid) {
    String text = pem.strip();
    String type = pemType(text);
    if (type == null) {
      throw ValueReader.invalid(pem, PEM_EXPECTED);
    }
    if (type.contains("PRIVATE")) {
      throw new IllegalArgumentException(Quote.of(pem) + " is a private key (expected: " + PEM_EXPECTED
          + "; the gateway only needs the public key)");
    }
    PublicKey key;
    if (type.equals("CERTIFICATE")) {
      X509Certificate cert = X509CertUtils.parse(text);
      if (cert == null) {
        throw ValueReader.invalid(pem, PEM_EXPECTED);
      }
      key = cert.getPublicKey();
    } else if (type.equals("PUBLIC KEY")) {
      key = decodePublicKey(pem, text);
    } else {
      throw ValueReader.invalid(pem, PEM_EXPECTED);
    }
    JWK jwk;
    if (key instanceof RSAPublicKey rsa) {
      jwk = new RSAKey.Builder(rsa).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
    } else if (key instanceof ECPublicKey ec) {
      Curve curve = Curve.forECParameterSpec(ec.getParams());
      if (curve == null) {
        throw new IllegalArgumentException(Quote.of(pem) + " uses an unknown curve (expected: P-256, P-384 or P-521)");
      }
      jwk = new ECKey.Builder(curve, ec).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
    } else {
      throw new IllegalArgumentException(Quote.of(pem) + " is a " + key.getAlgorithm()
          + " key (expected: an RSA or EC public key)");
    }
    return checkStrength(jwk, pem);
  }

  /** A JWK given as JSON members. */
  static JWK fromJwk(Map<String, Object> members, String shown) {
    JWK jwk;
    try {
      jwk = JWK.parse(members);
    } catch (ParseException e) {
      throw new IllegalArgumentException(Quote.of(shown) + ": " + e.getMessage() + " (expected: " + JWK_EXPECTED + ")");
    }
    if (KeyType.OCT.equals(jwk.getKeyType())) {
      throw new IllegalArgumentException(Quote.of(shown)
          + " is a symmetric key (expected: " + JWK_EXPECTED + "; put an HMAC key in the issuer's secret)");
    }
    if (jwk.isPrivate()) {
      throw new IllegalArgumentException(Quote.of(shown) + " contains a private key (expected: " + JWK_EXPECTED
          + " without private members)");
    }
    if (!KeyType.RSA.equals(jwk.getKeyType()) && !KeyType.EC.equals(jwk.getKeyType())) {
      throw new IllegalArgumentException(Quote.of(shown) + " is of type " + jwk.getKeyType()
          + " (expected: " + JWK_EXPECTED + ")");
    }
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      throw new IllegalArgumentException(Quote.of(shown) + " has use \"" + jwk.getKeyUse().identifier()
          + "\" (expected: \"sig\" or no use)");
    }
    return checkStrength(jwk, shown);
  }

  /** The algorithms that can verify with this key. */
  static List<String> algorithmsFor(JWK jwk) {
    if (jwk instanceof RSAKey) {
      return RSA_ALGORITHMS;
    }
    if (jwk instanceof ECKey ec) {
      if (Curve.P_256.equals(ec.getCurve())) {
        return List.of("ES256");
      } else if (Curve.P_384.equals(ec.getCurve())) {
        return List.of("ES384");
      } else if (Curve.P_521.equals(ec.getCurve())) {
        return List.of("ES512");
      }
    }
    return List.of();
  }

  /** The least secret length in bytes for an HMAC algorithm: as long as its hash, as RFC 7518 §3.2 asks. */
  static int minSecretBytes(String hmacAlgorithm) {
    return Integer.parseInt(hmacAlgorithm.substring(2)) / 8;
  }

  private static JWK checkStrength(JWK jwk, String shown) {
    if (jwk instanceof RSAKey && jwk.size() < MIN_RSA_BITS) {
      throw new IllegalArgumentException(Quote.of(shown) + " is a " + jwk.size()
          + "-bit RSA key (expected: at least " + MIN_RSA_BITS + " bits)");
    }
    if (jwk instanceof ECKey && algorithmsFor(jwk).isEmpty()) {
      throw new IllegalArgumentException(Quote.of(shown) + " uses curve " + ((ECKey) jwk).getCurve()
          + " (expected: P-256, P-384 or P-521)");
    }
    return jwk.toPublicJWK();
  }

  private static String pemType(String text) {
    if (!text.startsWith("-----BEGIN ")) {
      return null;
    }
    int end = text.indexOf("-----", 11);
    return end < 0 ? null : text.substring(11, end).toUpperCase(Locale.ROOT);
  }

  private static PublicKey decodePublicKey(String shown, String text) {
    String body = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw ValueReader.invalid(shown, PEM_EXPECTED);
    }
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // try the next key type
      }
    }
    throw new IllegalArgumentException(Quote.of(shown) + " is not an RSA or EC public key (expected: " + PEM_EXPECTED
        + ")");
  }
}
