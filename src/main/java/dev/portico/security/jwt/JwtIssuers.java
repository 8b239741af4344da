package dev.portico.security.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import dev.portico.config.JwtIssuerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's issuer verifiers across config reloads. Compiling a config {@link #prepare prepares} verifiers,
 * reusing the active one of every issuer whose config is unchanged, so a reload neither refetches its JWKS nor loses
 * its cache; new verifiers are built but start nothing. Once the config is in service, {@link #activate} starts the
 * new ones (their first JWKS fetch) and stops the timers of those no longer configured. A compile that fails leaves
 * its prepared verifiers unstarted, to be collected as garbage.
 */
public final class JwtIssuers {
  private final JwksFetcher fetcher;
  private final Timers timers;
  private final Clock clock;
  private final Runnable onClose;
  private Map<String, IssuerVerifier> prepared = Map.of();
  private volatile java.util.function.BiConsumer<String, Boolean> refreshes = (issuer, ok) -> { };
  private Map<String, IssuerVerifier> active = Map.of();

  JwtIssuers(JwksFetcher fetcher, Timers timers, Clock clock, Runnable onClose) {
    this.fetcher = fetcher;
    this.timers = timers;
    this.clock = clock;
    this.onClose = onClose;
  }

  /** Verifiers that fetch JWKS with the Vert.x HTTP client and refresh them on Vert.x timers. */
  public static JwtIssuers create(Vertx vertx) {
    HttpJwksFetcher http = new HttpJwksFetcher(vertx);
    Timers timers = new Timers() {
      @Override
      public long schedule(long delayMillis, Runnable task) {
        return vertx.setTimer(delayMillis, id -> task.run());
      }

      @Override
      public void cancel(long id) {
        vertx.cancelTimer(id);
      }
    };
    return new JwtIssuers(http, timers, Clock.systemUTC(), http::close);
  }

  /** Tells {@code refreshes} (issuer, succeeded) of every JWKS fetch of the verifiers created from now on. */
  public void onRefresh(java.util.function.BiConsumer<String, Boolean> refreshes) {
    this.refreshes = refreshes;
  }

  /** For compiling a config only (validate, routes): verifiers are built to check the config, never started. */
  public static JwtIssuers compileOnly() {
    Timers none = new Timers() {
      @Override
      public long schedule(long delayMillis, Runnable task) {
        throw new IllegalStateException("compile-only verifiers never schedule");
      }

      @Override
      public void cancel(long id) {}
    };
    return new JwtIssuers(uri -> Future.failedFuture("compile-only: no JWKS is fetched"), none,
        Clock.systemUTC(), () -> {});
  }

  /** The verifiers for these issuers: the active ones where their config is unchanged, new ones otherwise. */
  public synchronized Map<String, IssuerVerifier> prepare(Map<String, JwtIssuerConfig> configs) {
    Map<String, IssuerVerifier> out = new LinkedHashMap<>();
    for (JwtIssuerConfig config : configs.values()) {
      IssuerVerifier old = active.get(config.name());
      out.put(config.name(), old != null && old.config().equals(config) ? old : create(config));
    }
    prepared = Collections.unmodifiableMap(out);
    return prepared;
  }

  /**
   * Puts the verifiers last prepared for {@code configs} in service: starts new ones, stops the ones they replace.
   * Call after the snapshot built with them has been swapped in.
   */
  public synchronized void activate(Map<String, JwtIssuerConfig> configs) {
    Map<String, IssuerVerifier> next = prepared;
    boolean matches = next.size() == configs.size() && configs.values().stream()
        .allMatch(c -> next.containsKey(c.name()) && next.get(c.name()).config().equals(c));
    if (!matches) {
      throw new IllegalStateException("activate() must follow prepare() of the same issuers");
    }
    Set<IssuerVerifier> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(next.values());
    for (IssuerVerifier v : active.values()) {
      if (!kept.contains(v)) {
        v.keySource().stop();
      }
    }
    next.values().forEach(v -> v.keySource().start());
    active = next;
  }

  /** Stops every verifier's refresh and closes the JWKS client. */
  public synchronized void close() {
    active.values().forEach(v -> v.keySource().stop());
    active = Map.of();
    onClose.run();
  }

  /** The verifiers in service, by issuer name. */
  public synchronized Map<String, IssuerVerifier> active() {
    return active;
  }

  IssuerVerifier create(JwtIssuerConfig config) {
    Set<JWSAlgorithm> algorithms = IssuerVerifier.algorithms(config);
    KeySource keys;
    if (config.jwks() != null) {
      JwksKeySource jwks = new JwksKeySource(config.name(), config.jwks(), algorithms, fetcher, timers, clock,
          config.jwksRefresh(), config.jwksMinRefetchInterval(), config.unknownKidTtl());
      jwks.onRefresh(refreshes);
      keys = jwks;
    } else if (config.usesSecret()) {
      keys = new StaticKeySource(
          VerificationKeys.ofSecret(config.secret().getBytes(StandardCharsets.UTF_8), algorithms));
    } else {
      List<JWK> jwks = new ArrayList<>();
      for (String json : config.keys()) {
        try {
          jwks.add(JWK.parse(json));
        } catch (ParseException e) {
          throw new IllegalStateException("issuer " + config.name() + ": a key checked when loading does not parse",
              e);
        }
      }
      keys = new StaticKeySource(VerificationKeys.ofPublicKeys(jwks, algorithms));
    }
    return new IssuerVerifier(config, keys, clock);
  }
}
