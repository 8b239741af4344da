package dev.portico.upstream;

import dev.portico.config.Balance;
import dev.portico.config.ResilienceConfig;
import dev.portico.config.UpstreamConfig;
import dev.portico.traffic.ConcurrencyLimit;
import dev.portico.upstream.health.ActiveHealthChecker;
import dev.portico.upstream.resilience.CircuitBreaker;
import dev.portico.upstream.resilience.RetryBudget;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A named group of targets with its balancing strategy. Immutable apart from the targets' counters;
 * shared by all event loops and reused across config reloads while its config is unchanged, so
 * in-flight counts and ejections survive a reload.
 */
public final class Upstream {
  private final UpstreamConfig config;
  private final List<Target> targets;
  private final LoadBalancer balancer;
  private final UpstreamTls tls;
  private final RetryBudget retryBudget;
  /** {@code null} when the upstream has no in-flight cap. */
  private final ConcurrencyLimit inFlightLimit;
  private ActiveHealthChecker healthChecker;

  private Upstream(UpstreamConfig config, List<Target> targets, LoadBalancer balancer, UpstreamTls tls) {
    this.config = config;
    this.targets = targets;
    this.balancer = balancer;
    this.tls = tls;
    ResilienceConfig resilience = config.resilience();
    this.retryBudget = new RetryBudget(resilience.retry().budget(), resilience.retry().minRetriesPerSecond(),
        System::nanoTime);
    this.inFlightLimit = resilience.maxInFlight() == null ? null : new ConcurrencyLimit(resilience.maxInFlight());
  }

  /**
   * Reads an https upstream's CA and client certificate files, so call it off the event loops.
   *
   * @throws IllegalArgumentException when such a file cannot be read or used
   */
  public static Upstream of(UpstreamConfig config) {
    return of(config, CircuitBreakerEvents.NONE);
  }

  /** @param events told of every breaker transition of every target, for metrics and logs */
  public static Upstream of(UpstreamConfig config, CircuitBreakerEvents events) {
    UpstreamTls tls = config.https() ? UpstreamTls.load(config.tls()) : null;
    int defaultPort = config.https() ? 443 : 80;
    List<Target> targets = new ArrayList<>();
    for (URI uri : config.targets()) {
      String host = uri.getHost();
      int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
      CircuitBreaker breaker = config.resilience().circuitBreaker() == null ? null
          : new CircuitBreaker(config.resilience().circuitBreaker(), System::nanoTime,
              (from, to) -> events.onTransition(config.name(), host + ":" + port, from, to));
      targets.add(new Target(host, port, defaultPort, tls == null ? host : tls.serverName(host), breaker));
    }
    targets = List.copyOf(targets);
    return new Upstream(config, targets, balancerFor(config.balance(), targets), tls);
  }

  private static LoadBalancer balancerFor(Balance balance, List<Target> targets) {
    return switch (balance) {
      case ROUND_ROBIN -> new RoundRobinBalancer();
      case LEAST_REQUEST -> new LeastRequestBalancer();
      case CONSISTENT_HASH -> new ConsistentHashBalancer(targets);
    };
  }

  public String name() {
    return config.name();
  }

  public UpstreamConfig config() {
    return config;
  }

  /** {@code null} for an http upstream. */
  public UpstreamTls tls() {
    return tls;
  }

  public List<Target> targets() {
    return targets;
  }

  public RetryBudget retryBudget() {
    return retryBudget;
  }

  /** Takes an in-flight slot of the whole upstream; {@code false} when it is at its cap. */
  public boolean tryAcquireSlot() {
    return inFlightLimit == null || inFlightLimit.tryAcquire();
  }

  public void releaseSlot() {
    if (inFlightLimit != null) {
      inFlightLimit.release();
    }
  }

  /** Starts active health checks if configured; idempotent, as an upstream survives reloads. */
  public synchronized void startHealthChecks(Vertx vertx, HttpClient client) {
    if (healthChecker == null && config.resilience().health() != null) {
      HttpClient probes = client;
      if (tls != null) {
        // Probes of https targets speak TLS with the upstream's own trust and client certificate.
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(false);
        tls.applyTo(options);
        probes = vertx.createHttpClient(options);
      }
      healthChecker = new ActiveHealthChecker(vertx, probes, name(), config.resilience().health(), targets);
      healthChecker.start();
    }
  }

  /** Stops health checks when the upstream leaves the config. */
  public synchronized void stopHealthChecks() {
    if (healthChecker != null) {
      healthChecker.stop();
    }
  }

  /**
   * Chooses a target as {@link #choose} does and takes a call slot from its circuit breaker; a
   * half-open target whose probe calls are all taken is passed over for another one.
   */
  public Target chooseAdmitted(String hashKey, Target excluded) {
    Target target = choose(hashKey, excluded);
    if (target == null || target.admitCall()) {
      return target;
    }
    Target other = choose(hashKey, target);
    return other != null && other != excluded && other.admitCall() ? other : null;
  }

  /**
   * Reports a call's outcome. A target that fails several calls in a row is ejected for a while
   * (passive outlier detection), unless it is the last available one: ejecting that would turn
   * a partial failure into a full outage.
   */
  public void callEnded(Target target, boolean failed, long durationNanos) {
    if (target.callEnded(failed, durationNanos)) {
      long now = System.nanoTime();
      for (Target other : targets) {
        if (other != target && other.isAvailable(now)) {
          target.ejectAsOutlier(now);
          return;
        }
      }
    }
  }

  /** Whether any target is skipped because its circuit breaker is open. */
  public boolean anyCircuitOpen() {
    for (Target t : targets) {
      if (t.breaker() != null && t.breaker().state() == CircuitBreaker.State.OPEN) {
        return true;
      }
    }
    return false;
  }

  /**
   * Chooses a target that is not ejected and not {@code excluded} (the one a failed attempt used),
   * or null when none is left.
   */
  public Target choose(String hashKey, Target excluded) {
    long now = System.nanoTime();
    List<Target> available = targets;
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      if (t == excluded || !t.isAvailable(now)) {
        available = availableOnly(now, excluded);
        break;
      }
    }
    return available.isEmpty() ? null : balancer.choose(available, hashKey);
  }

  private List<Target> availableOnly(long now, Target excluded) {
    List<Target> available = new ArrayList<>(targets.size());
    for (Target t : targets) {
      if (t != excluded && t.isAvailable(now)) {
        available.add(t);
      }
    }
    return available;
  }
}
