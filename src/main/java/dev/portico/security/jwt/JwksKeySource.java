package dev.portico.security.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuer's keys from its JWKS endpoint. Fetched when started, cached, and fetched again in the background before
 * they go stale (Cache-Control max-age, bounded by the configured refresh interval). A token whose key id is not in
 * the cached set may cause one more fetch, but never more than one fetch in flight and one per minimum interval,
 * and a key id still missing after a fetch is remembered for a while and refused without any fetch. So a flood of
 * tokens with forged key ids costs the identity provider at most one request per interval. When the endpoint fails,
 * the last good keys stay in use.
 *
 * <p>Thread-safe: requests on every event loop read the current keys without locking; fetch decisions take a lock.
 */
final class JwksKeySource implements KeySource {
  private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);
  private static final int MAX_UNKNOWN_KEY_IDS = 10_000;

  private final String issuerName;
  private final URI uri;
  private final Set<JWSAlgorithm> allowed;
  private final JwksFetcher fetcher;
  private final Timers timers;
  private final Clock clock;
  private final Duration refresh;
  private final Duration minInterval;
  /** Key ids missing from a fresh fetch; {@code null} when they are not remembered (a TTL of zero). */
  private final Cache<String, Boolean> unknownKeyIds;

  private volatile VerificationKeys keys;

  // Guarded by this.
  private Future<VerificationKeys> inFlight;
  private Instant lastFetch;
  private long timerId = -1;
  /** Tells a timer that fired after being cancelled or replaced from the current one. */
  private long timerGeneration;
  private Instant timerDue;
  private boolean started;
  private boolean stopped;
  private int failures;
  private long fetches;
  /** Told of each fetch's outcome (issuer, succeeded), for metrics. */
  private java.util.function.BiConsumer<String, Boolean> refreshes = (issuer, ok) -> { };

  JwksKeySource(String issuerName, URI uri, Set<JWSAlgorithm> allowed, JwksFetcher fetcher, Timers timers,
      Clock clock, Duration refresh, Duration minInterval, Duration unknownKidTtl) {
    this.issuerName = issuerName;
    this.uri = uri;
    this.allowed = Set.copyOf(allowed);
    this.fetcher = fetcher;
    this.timers = timers;
    this.clock = clock;
    this.refresh = refresh;
    this.minInterval = minInterval;
    this.unknownKeyIds = unknownKidTtl.isZero() ? null : Caffeine.newBuilder()
        .maximumSize(MAX_UNKNOWN_KEY_IDS)
        .expireAfterWrite(unknownKidTtl.toNanos(), TimeUnit.NANOSECONDS)
        .ticker(() -> {
          Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        })
        .executor(Runnable::run)
        .build();
  }

  @Override
  public Future<VerificationKeys> keys(String keyId) {
    VerificationKeys current = keys;
    if (current != null && (keyId == null || current.hasKeyId(keyId))) {
      return Future.succeededFuture(current);
    }
    if (current != null && unknownKeyIds != null && unknownKeyIds.getIfPresent(keyId) != null) {
      return Future.succeededFuture(current);
    }
    return fetchFor(keyId);
  }

  private synchronized Future<VerificationKeys> fetchFor(String keyId) {
    VerificationKeys current = keys;
    if (current != null && (keyId == null || current.hasKeyId(keyId))) {
      return Future.succeededFuture(current);
    }
    Future<VerificationKeys> fetch;
    if (inFlight != null) {
      fetch = inFlight;
    } else if (stopped) {
      return available(current);
    } else {
      Instant now = clock.instant();
      Instant earliest = lastFetch == null ? now : lastFetch.plus(minInterval);
      if (now.isBefore(earliest)) {
        // Too soon to ask again; still look once the interval is over, as the key may have just been published.
        scheduleNoLaterThan(earliest, now);
        return available(current);
      }
      fetch = startFetch();
    }
    return fetch.andThen(ar -> rememberIfStillUnknown(keyId, ar));
  }

  private void rememberIfStillUnknown(String keyId, AsyncResult<VerificationKeys> fetched) {
    if (keyId != null && unknownKeyIds != null && fetched.succeeded() && !fetched.result().hasKeyId(keyId)) {
      unknownKeyIds.put(keyId, Boolean.TRUE);
    }
  }

  private static Future<VerificationKeys> available(VerificationKeys current) {
    return current != null ? Future.succeededFuture(current) : Future.failedFuture(unavailable());
  }

  private static GatewayException unavailable() {
    return new GatewayException(ErrorCode.UNAUTHENTICATED, "The issuer's signing keys are not available.");
  }

  /** Begins fetching (once) and keeps the keys fresh until {@link #stop()}. */
  @Override
  public synchronized void start() {
    if (started || stopped) {
      return;
    }
    started = true;
    if (keys == null && inFlight == null) {
      startFetch();
    }
  }

  @Override
  public synchronized void stop() {
    stopped = true;
    cancelTimer();
  }

  /** Holds the lock. The result is captured before callbacks can run, as a fetch may complete at once. */
  void onRefresh(java.util.function.BiConsumer<String, Boolean> refreshes) {
    this.refreshes = refreshes;
  }

  private Future<VerificationKeys> startFetch() {
    lastFetch = clock.instant();
    fetches++;
    cancelTimer();
    Promise<VerificationKeys> done = Promise.promise();
    Future<VerificationKeys> result = done.future();
    inFlight = result;
    Future<JwksDocument> fetch;
    try {
      fetch = fetcher.fetch(uri);
    } catch (RuntimeException e) {
      fetch = Future.failedFuture(e);
    }
    fetch.onComplete(ar -> finishFetch(ar, done));
    return result;
  }

  private void finishFetch(AsyncResult<JwksDocument> ar, Promise<VerificationKeys> done) {
    VerificationKeys result;
    synchronized (this) {
      inFlight = null;
      String problem = null;
      if (ar.succeeded()) {
        try {
          VerificationKeys parsed = VerificationKeys.ofPublicKeys(JWKSet.parse(ar.result().body()).getKeys(), allowed);
          if (!parsed.skipped().isEmpty()) {
            log.debug("JWKS of issuer {}: keys left out: {}", issuerName, parsed.skipped());
          }
          if (parsed.size() == 0) {
            problem = "it holds no usable signing key" + (parsed.skipped().isEmpty() ? "" : " " + parsed.skipped());
          } else {
            if (keys == null || failures > 0) {
              log.info("JWKS of issuer {} loaded from {}: {} key(s)", issuerName, uri, parsed.size());
            }
            keys = parsed;
            failures = 0;
            scheduleAfter(refreshDelay(ar.result().maxAge()));
          }
        } catch (ParseException e) {
          problem = "it is not a JWKS (" + e.getMessage() + ")";
        }
      } else {
        problem = String.valueOf(ar.cause().getMessage() != null ? ar.cause().getMessage() : ar.cause());
      }
      refreshes.accept(issuerName, problem == null);
      if (problem != null) {
        failures++;
        Duration retry = retryDelay();
        log.warn("JWKS of issuer {} from {} failed: {}; {}, next attempt in {} s", issuerName, uri, problem,
            keys == null ? "no keys yet, so its tokens are refused" : "keeping the last good keys",
            retry.toSeconds());
        scheduleAfter(retry);
      }
      result = keys;
    }
    if (result != null) {
      done.complete(result);
    } else {
      done.fail(unavailable());
    }
  }

  /** Three quarters of max-age, so the keys are renewed before they expire; within [minInterval, refresh]. */
  private Duration refreshDelay(Duration maxAge) {
    if (maxAge == null) {
      return refresh;
    }
    Duration d = maxAge.multipliedBy(3).dividedBy(4);
    return d.compareTo(minInterval) < 0 ? minInterval : d.compareTo(refresh) > 0 ? refresh : d;
  }

  /** Doubles from the minimum interval up to the refresh interval while the endpoint keeps failing. */
  private Duration retryDelay() {
    Duration d = minInterval.multipliedBy(1L << Math.min(failures - 1, 20));
    return d.compareTo(refresh) > 0 ? refresh : d;
  }

  private void scheduleNoLaterThan(Instant when, Instant now) {
    if (timerDue != null && !timerDue.isAfter(when)) {
      return;
    }
    scheduleAfter(Duration.between(now, when));
  }

  private void scheduleAfter(Duration delay) {
    if (stopped) {
      return;
    }
    cancelTimer();
    long generation = timerGeneration;
    timerDue = clock.instant().plus(delay);
    timerId = timers.schedule(Math.max(1, delay.toMillis()), () -> timerFired(generation));
  }

  private synchronized void timerFired(long generation) {
    if (generation != timerGeneration) {
      return;
    }
    timerId = -1;
    timerDue = null;
    timerGeneration++;
    if (!stopped && inFlight == null) {
      startFetch();
    }
  }

  private void cancelTimer() {
    timerGeneration++;
    if (timerId >= 0) {
      timers.cancel(timerId);
      timerId = -1;
    }
    timerDue = null;
  }

  /** How many fetches were started, for tests and diagnostics. */
  synchronized long fetches() {
    return fetches;
  }
}
