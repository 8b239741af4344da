package dev.portico.security.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import java.util.Set;

/**
 * One key able to verify signatures, with the algorithms it may verify: its key type's family, narrowed by the
 * JWK's own {@code alg} when it has one. An RSA key can never verify an HMAC signature, whatever a token claims.
 *
 * @param keyId      the JWK {@code kid}, or {@code null}
 * @param algorithms the algorithms this key verifies, already intersected with the issuer's allowed list
 */
record VerificationKey(String keyId, JWSVerifier verifier, Set<JWSAlgorithm> algorithms) {

  VerificationKey {
    algorithms = Set.copyOf(algorithms);
  }
}
