package dev.portico.security.jwt;

import com.nimbusds.jwt.SignedJWT;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import io.vertx.core.Future;
import java.text.ParseException;
import java.util.List;

/**
 * Accepts the tokens of any of several issuers (a route with {@code jwt: [a, b]}). A token already verified by one of
 * them costs one hash and a lookup per issuer; otherwise its {@code iss} (still unverified) picks the issuer whose
 * verifier then checks everything, that claim included.
 */
public final class MultiIssuerVerifier implements JwtVerifier {
  private final List<IssuerVerifier> verifiers;
  private final int maxTokenSize;

  private MultiIssuerVerifier(List<IssuerVerifier> verifiers) {
    this.verifiers = List.copyOf(verifiers);
    this.maxTokenSize = verifiers.stream().mapToInt(v -> v.config().maxTokenSize()).max().orElse(0);
  }

  /** One issuer's verifier as it is, or one that accepts any of them. */
  public static JwtVerifier anyOf(List<IssuerVerifier> verifiers) {
    if (verifiers.isEmpty()) {
      throw new IllegalArgumentException("no issuers (expected: at least one)");
    }
    return verifiers.size() == 1 ? verifiers.get(0) : new MultiIssuerVerifier(verifiers);
  }

  @Override
  public Future<VerifiedJwt> verify(String token) {
    if (token.length() > maxTokenSize) {
      return refuse("The token is longer than " + maxTokenSize + " bytes.");
    }
    TokenHash hash = TokenHash.of(token);
    for (IssuerVerifier v : verifiers) {
      VerifiedJwt hit = v.cached(hash);
      if (hit != null) {
        return Future.succeededFuture(hit);
      }
    }
    String iss;
    try {
      iss = SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      return refuse("The token is not a well-formed signed JWT.");
    }
    Future<VerifiedJwt> result = null;
    for (IssuerVerifier v : verifiers) {
      if (v.config().issuer().equals(iss)) {
        // Several configured issuers may share an iss (e.g. different audiences): the first that accepts wins.
        result = result == null ? v.verify(token, hash) : result.recover(e -> v.verify(token, hash));
      }
    }
    return result != null ? result : refuse("The token's issuer is not accepted.");
  }

  private static Future<VerifiedJwt> refuse(String detail) {
    return Future.failedFuture(new GatewayException(ErrorCode.UNAUTHENTICATED, detail));
  }
}
