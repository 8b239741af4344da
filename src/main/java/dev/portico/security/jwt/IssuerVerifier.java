package dev.portico.security.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.portico.config.JwtIssuerConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies the tokens of one configured issuer: size, algorithm allow-list, signature with a key chosen only from
 * the issuer's own keys, then {@code iss}, {@code aud}, {@code exp}, {@code nbf}, {@code iat} (with clock skew) and
 * required claims. Verified tokens are cached by their SHA-256, bounded, and never served past {@code exp}, so a
 * repeated valid token costs one hash and one lookup. Failures say what was wrong, never echoing the token or any
 * of its values.
 */
public final class IssuerVerifier implements JwtVerifier {
  static final int CACHE_SIZE = 10_000;
  /** Re-verify now and then even long-lived tokens, so a key withdrawn from the JWKS stops working soon. */
  static final Duration MAX_CACHE_TIME = Duration.ofMinutes(5);

  private final JwtIssuerConfig config;
  private final KeySource keySource;
  private final Set<JWSAlgorithm> algorithms;
  private final Clock clock;
  private final Cache<TokenHash, VerifiedJwt> verified;

  IssuerVerifier(JwtIssuerConfig config, KeySource keySource, Clock clock) {
    this.config = config;
    this.keySource = keySource;
    this.algorithms = algorithms(config);
    this.clock = clock;
    this.verified = Caffeine.newBuilder()
        .maximumSize(CACHE_SIZE)
        .expireAfter(new UntilExpiry(clock))
        .ticker(() -> nanos(clock.instant()))
        .executor(Runnable::run)
        .build();
  }

  static Set<JWSAlgorithm> algorithms(JwtIssuerConfig config) {
    Set<JWSAlgorithm> out = new LinkedHashSet<>();
    config.algorithms().forEach(a -> out.add(JWSAlgorithm.parse(a)));
    return Set.copyOf(out);
  }

  public JwtIssuerConfig config() {
    return config;
  }

  KeySource keySource() {
    return keySource;
  }

  @Override
  public Future<VerifiedJwt> verify(String token) {
    return verify(token, null);
  }

  /** @param hash the token's hash when the caller already has it, else {@code null} */
  Future<VerifiedJwt> verify(String token, TokenHash hash) {
    if (token.length() > config.maxTokenSize()) {
      return refuse("The token is longer than " + config.maxTokenSize() + " bytes.");
    }
    TokenHash key = hash != null ? hash : TokenHash.of(token);
    VerifiedJwt hit = cached(key);
    if (hit != null) {
      return Future.succeededFuture(hit);
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      // Only three-part JWS parses here: unsecured ("alg":"none") and encrypted tokens are refused by the parser.
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return refuse("The token is not a well-formed signed JWT.");
    }
    JWSHeader header = jwt.getHeader();
    if (!algorithms.contains(header.getAlgorithm())) {
      return refuse("The token's signing algorithm is not accepted.");
    }
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return refuse("The token's claims are malformed.");
    }
    Future<VerificationKeys> keys = keySource.keys(header.getKeyID());
    if (keys.isComplete()) {
      return finish(jwt, claims, key, keys);
    }
    // A fetch completes on whichever event loop ran it: continue on the caller's, where its exchange lives.
    Context caller = Vertx.currentContext();
    Promise<VerifiedJwt> done = Promise.promise();
    keys.onComplete(ar -> {
      if (caller == null) {
        done.handle(finish(jwt, claims, key, ar));
      } else {
        caller.runOnContext(v -> done.handle(finish(jwt, claims, key, ar)));
      }
    });
    return done.future();
  }

  /** A verified token with this hash, unless it has expired meanwhile. */
  VerifiedJwt cached(TokenHash hash) {
    VerifiedJwt hit = verified.getIfPresent(hash);
    if (hit != null && !clock.instant().isBefore(hit.expiresAt())) {
      verified.invalidate(hash);
      return null;
    }
    return hit;
  }

  private Future<VerifiedJwt> finish(SignedJWT jwt, JWTClaimsSet claims, TokenHash hash,
      AsyncResult<VerificationKeys> keys) {
    if (keys.failed()) {
      return Future.failedFuture(keys.cause());
    }
    JWSHeader header = jwt.getHeader();
    List<VerificationKey> candidates = keys.result().candidates(header.getKeyID(), header.getAlgorithm());
    if (candidates.isEmpty()) {
      // The key id is attacker-controlled text: it is looked up, never shown, fetched or used as a path.
      return refuse(header.getKeyID() != null
          ? "The token's key id is not one of the issuer's keys."
          : "No key of the issuer matches the token.");
    }
    if (!signatureValid(jwt, candidates)) {
      return refuse("The token's signature is invalid.");
    }
    String problem = checkClaims(claims);
    if (problem != null) {
      return refuse(problem);
    }
    VerifiedJwt result = new VerifiedJwt(config.name(), claims.getSubject(), claims.getJWTID(),
        instant(claims.getIssueTime()), instant(claims.getExpirationTime()), immutableClaims(claims));
    if (clock.instant().isBefore(result.expiresAt())) {
      verified.put(hash, result);
    }
    return Future.succeededFuture(result);
  }

  private static boolean signatureValid(SignedJWT jwt, List<VerificationKey> candidates) {
    for (VerificationKey k : candidates) {
      try {
        if (k.verifier().verify(jwt.getHeader(), jwt.getSigningInput(), jwt.getSignature())) {
          return true;
        }
      } catch (JOSEException e) {
        // e.g. a malformed signature for this key type: try the next key, then refuse
      }
    }
    return false;
  }

  /** The first problem with the registered and required claims, or {@code null}. */
  String checkClaims(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Duration skew = config.clockSkew();
    if (!config.issuer().equals(claims.getIssuer())) {
      return "The token's issuer is not accepted.";
    }
    List<String> audiences = claims.getAudience();
    if (audiences.stream().noneMatch(config.audiences()::contains)) {
      return "The token is not meant for this audience.";
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      return "The token has no expiry time.";
    }
    if (now.isAfter(exp.toInstant().plus(skew))) {
      return "The token has expired.";
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      return "The token is not valid yet.";
    }
    Date iat = claims.getIssueTime();
    if (iat != null && now.plus(skew).isBefore(iat.toInstant())) {
      return "The token's issue time is in the future.";
    }
    for (String claim : config.requiredClaims()) {
      if (claims.getClaim(claim) == null) {
        return "The token lacks the required claim " + claim + ".";
      }
    }
    return null;
  }

  /** Claims set to JSON null are left out (as if absent), so the map can be immutable and shared. */
  private static Map<String, Object> immutableClaims(JWTClaimsSet claims) {
    Map<String, Object> json = claims.toJSONObject();
    json.values().removeIf(Objects::isNull);
    return Map.copyOf(json);
  }

  private static Future<VerifiedJwt> refuse(String detail) {
    return Future.failedFuture(new GatewayException(ErrorCode.UNAUTHENTICATED, detail));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** Each entry lives until its token expires, and no longer than {@link #MAX_CACHE_TIME}. */
  private record UntilExpiry(Clock clock) implements Expiry<TokenHash, VerifiedJwt> {
    @Override
    public long expireAfterCreate(TokenHash key, VerifiedJwt value, long currentTime) {
      long untilExpiry = nanos(value.expiresAt()) - nanos(clock.instant());
      return Math.max(0, Math.min(untilExpiry, MAX_CACHE_TIME.toNanos()));
    }

    @Override
    public long expireAfterUpdate(TokenHash key, VerifiedJwt value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(TokenHash key, VerifiedJwt value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
