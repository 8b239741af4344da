package dev.portico.security.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.portico.config.JwtIssuerConfig;
import dev.portico.testing.TestTokens;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a JWT costs in-process, in ns/op: a repeated RS256 token (hash and cache lookup, the usual case), the hash
 * alone, and what the cache saves (parsing and an RS256 signature check). Run by {@code bench/jwt.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JwtVerifyBenchmark {
  private IssuerVerifier verifier;
  private String token;
  private SignedJWT parsed;
  private VerificationKey key;

  @Setup
  public void setUp() throws Exception {
    RSAKey rsa = TestTokens.rsa("k1");
    JwtIssuerConfig config = new JwtIssuerConfig("main", TestTokens.ISSUER, List.of(TestTokens.AUDIENCE), null,
        List.of(rsa.toPublicJWK().toJSONString()), null, List.of("RS256"), Duration.ofSeconds(30), List.of(),
        JwtIssuerConfig.DEFAULT_SCOPE_CLAIMS, Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMinutes(1),
        8192);
    verifier = new JwtIssuers(uri -> Future.failedFuture("none"), null, Clock.systemUTC(), () -> {}).create(config);
    token = TestTokens.sign(TestTokens.claims().jwtID("bench").claim("scope", "bench:read profile").build(), rsa);
    if (!verifier.verify(token).succeeded()) {
      throw new IllegalStateException("the benchmark token does not verify");
    }
    parsed = SignedJWT.parse(token);
    key = verifier.keySource().keys("k1").result().candidates("k1", JWSAlgorithm.RS256).get(0);
  }

  @Benchmark
  public VerifiedJwt cachedRs256Token() {
    return verifier.verify(token).result();
  }

  @Benchmark
  public TokenHash sha256OfToken() {
    return TokenHash.of(token);
  }

  @Benchmark
  public SignedJWT parseToken() throws Exception {
    return SignedJWT.parse(token);
  }

  @Benchmark
  public boolean rs256Signature() throws Exception {
    return key.verifier().verify(parsed.getHeader(), parsed.getSigningInput(), parsed.getSignature());
  }
}
