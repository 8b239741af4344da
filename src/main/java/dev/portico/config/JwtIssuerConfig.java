package dev.portico.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One trusted token issuer ({@code auth.jwt.<name>}). Its keys come from exactly one of a JWKS URL, static public
 * keys, or an HMAC secret; the algorithms never mix HMAC with public keys, so a public key can never be used as an
 * HMAC secret.
 *
 * @param name                   the YAML key; routes name issuers by it
 * @param issuer                 the exact {@code iss} value tokens must carry
 * @param audiences              a token's {@code aud} must contain at least one of these
 * @param jwks                   the JWKS URL, or {@code null}
 * @param keys                   static public keys as public JWK JSON (PEM keys are converted when loading)
 * @param secret                 the HMAC secret, or {@code null}; never printed
 * @param algorithms             accepted {@code alg} values, e.g. {@code RS256}; never {@code none}
 * @param clockSkew              tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param requiredClaims         claims a token must carry besides {@code exp}, which is always required
 * @param scopeClaims            claims whose values are granted scopes or roles: a space-separated string or a list
 * @param jwksRefresh            how often the JWKS is fetched again (sooner if its Cache-Control max-age says so)
 * @param jwksMinRefetchInterval at most one fetch per this interval, whatever tokens with unknown key ids ask for
 * @param unknownKidTtl          how long a key id missing from a fresh JWKS is refused without a fetch
 * @param maxTokenSize           longer tokens are refused before they are parsed
 */
public record JwtIssuerConfig(String name, String issuer, List<String> audiences, URI jwks, List<String> keys,
    String secret, List<String> algorithms, Duration clockSkew, List<String> requiredClaims,
    List<String> scopeClaims, Duration jwksRefresh, Duration jwksMinRefetchInterval, Duration unknownKidTtl,
    int maxTokenSize) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final List<String> DEFAULT_SCOPE_CLAIMS = List.of("scope", "scp");
  public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_MIN_REFETCH_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_UNKNOWN_KID_TTL = Duration.ofMinutes(1);
  public static final int DEFAULT_MAX_TOKEN_SIZE = 8 * 1024;

  public JwtIssuerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(issuer, "issuer");
    audiences = List.copyOf(audiences);
    keys = List.copyOf(keys);
    int sources = (jwks != null ? 1 : 0) + (keys.isEmpty() ? 0 : 1) + (secret != null ? 1 : 0);
    if (sources != 1) {
      throw new IllegalArgumentException("issuer " + name + ": exactly one of jwks, keys and secret (expected: one)");
    }
    algorithms = List.copyOf(algorithms);
    if (algorithms.isEmpty() || algorithms.stream().anyMatch(a -> a.equalsIgnoreCase("none"))) {
      throw new IllegalArgumentException("issuer " + name + ": algorithms " + algorithms
          + " (expected: signing algorithms)");
    }
    Objects.requireNonNull(clockSkew, "clockSkew");
    requiredClaims = List.copyOf(requiredClaims);
    scopeClaims = List.copyOf(scopeClaims);
    Objects.requireNonNull(jwksRefresh, "jwksRefresh");
    Objects.requireNonNull(jwksMinRefetchInterval, "jwksMinRefetchInterval");
    Objects.requireNonNull(unknownKidTtl, "unknownKidTtl");
    if (maxTokenSize <= 0) {
      throw new IllegalArgumentException("maxTokenSize: " + maxTokenSize + " (expected: > 0)");
    }
  }

  /** Whether tokens are signed with the shared {@link #secret} (HMAC) rather than a public key. */
  public boolean usesSecret() {
    return secret != null;
  }

  /** Never shows the secret: configs end up in logs and error messages. */
  @Override
  public String toString() {
    return "JwtIssuerConfig[name=" + name + ", issuer=" + issuer + ", audiences=" + audiences + ", jwks=" + jwks
        + ", keys=" + keys.size() + ", secret=" + (secret == null ? "none" : "(redacted)") + ", algorithms="
        + algorithms + ", clockSkew=" + clockSkew + ", requiredClaims=" + requiredClaims + ", scopeClaims="
        + scopeClaims + ", jwksRefresh=" + jwksRefresh + ", jwksMinRefetchInterval=" + jwksMinRefetchInterval
        + ", unknownKidTtl=" + unknownKidTtl + ", maxTokenSize=" + maxTokenSize + "]";
  }
}
