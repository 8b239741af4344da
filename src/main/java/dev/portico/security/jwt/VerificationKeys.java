package dev.portico.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An issuer's usable keys, immutable, each with its verifier built once. A key id is only ever a lookup key into
 * this set: nothing in a token's header ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}) can add a key.
 */
final class VerificationKeys {
  static final VerificationKeys EMPTY = new VerificationKeys(List.of(), List.of());

  private static final int MIN_RSA_BITS = 2048;
  private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
  private static final Set<JWSAlgorithm> HMAC = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);

  private final List<VerificationKey> all;
  private final Map<String, List<VerificationKey>> byKeyId;
  private final List<String> skipped;

  private VerificationKeys(List<VerificationKey> keys, List<String> skipped) {
    this.all = List.copyOf(keys);
    Map<String, List<VerificationKey>> byId = new HashMap<>();
    for (VerificationKey k : keys) {
      if (k.keyId() != null) {
        byId.computeIfAbsent(k.keyId(), id -> new ArrayList<>(1)).add(k);
      }
    }
    byId.replaceAll((id, list) -> List.copyOf(list));
    this.byKeyId = Map.copyOf(byId);
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Public RSA and EC keys, for the allowed algorithms. Keys that cannot serve (encryption keys, symmetric keys in a
   * JWKS, weak RSA keys, unknown curves or types) are left out and described in {@link #skipped()}.
   */
  static VerificationKeys ofPublicKeys(Collection<JWK> jwks, Set<JWSAlgorithm> allowed) {
    List<VerificationKey> keys = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (JWK jwk : jwks) {
      String name = jwk.getKeyID() == null ? jwk.getKeyType() + " key without kid" : "kid " + jwk.getKeyID();
      if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
        skipped.add(name + ": not a signing key");
        continue;
      }
      if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
        skipped.add(name + ": key_ops without verify");
        continue;
      }
      try {
        VerificationKey key = publicKey(jwk, allowed, skipped, name);
        if (key != null) {
          keys.add(key);
        }
      } catch (JOSEException e) {
        skipped.add(name + ": " + e.getMessage());
      }
    }
    return new VerificationKeys(keys, skipped);
  }

  /** The issuer's HMAC secret, for the allowed HMAC algorithms. */
  static VerificationKeys ofSecret(byte[] secret, Set<JWSAlgorithm> allowed) {
    try {
      Set<JWSAlgorithm> algorithms = intersect(HMAC, allowed);
      return new VerificationKeys(List.of(new VerificationKey(null, new MACVerifier(secret), algorithms)), List.of());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the secret cannot be used for HMAC: " + e.getMessage(), e);
    }
  }

  private static VerificationKey publicKey(JWK jwk, Set<JWSAlgorithm> allowed, List<String> skipped, String name)
      throws JOSEException {
    JWSVerifier verifier;
    Set<JWSAlgorithm> family;
    if (jwk instanceof RSAKey rsa) {
      if (rsa.size() < MIN_RSA_BITS) {
        skipped.add(name + ": " + rsa.size() + "-bit RSA key (at least " + MIN_RSA_BITS + " needed)");
        return null;
      }
      verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
      family = RSA;
    } else if (jwk instanceof ECKey ec) {
      JWSAlgorithm alg = curveAlgorithm(ec.getCurve());
      if (alg == null) {
        skipped.add(name + ": curve " + ec.getCurve() + " is not supported");
        return null;
      }
      verifier = new ECDSAVerifier(ec.toECPublicKey());
      family = Set.of(alg);
    } else {
      // Symmetric keys in particular: a JWKS is public, so an HMAC key in it would let anyone sign.
      skipped.add(name + ": key type " + jwk.getKeyType() + " is not accepted");
      return null;
    }
    Set<JWSAlgorithm> algorithms = intersect(family, allowed);
    if (jwk.getAlgorithm() != null) {
      algorithms = intersect(algorithms, Set.of(JWSAlgorithm.parse(jwk.getAlgorithm().getName())));
    }
    if (algorithms.isEmpty()) {
      skipped.add(name + ": none of its algorithms is allowed");
      return null;
    }
    return new VerificationKey(jwk.getKeyID(), verifier, algorithms);
  }

  private static JWSAlgorithm curveAlgorithm(Curve curve) {
    if (Curve.P_256.equals(curve)) {
      return JWSAlgorithm.ES256;
    } else if (Curve.P_384.equals(curve)) {
      return JWSAlgorithm.ES384;
    } else if (Curve.P_521.equals(curve)) {
      return JWSAlgorithm.ES512;
    }
    return null;
  }

  private static Set<JWSAlgorithm> intersect(Set<JWSAlgorithm> a, Set<JWSAlgorithm> b) {
    Set<JWSAlgorithm> out = new LinkedHashSet<>(a);
    out.retainAll(b);
    return out;
  }

  /** Whether some key has this id. */
  boolean hasKeyId(String keyId) {
    return byKeyId.containsKey(keyId);
  }

  /**
   * The keys that may verify a token with this key id and algorithm: those with the id (every key, when the token
   * has none) whose algorithms include it.
   */
  List<VerificationKey> candidates(String keyId, JWSAlgorithm alg) {
    List<VerificationKey> pool = keyId == null ? all : byKeyId.getOrDefault(keyId, List.of());
    List<VerificationKey> out = new ArrayList<>(pool.size());
    for (VerificationKey k : pool) {
      if (k.algorithms().contains(alg)) {
        out.add(k);
      }
    }
    return out;
  }

  int size() {
    return all.size();
  }

  /** Why keys of the source were left out, for the log. */
  List<String> skipped() {
    return skipped;
  }
}
