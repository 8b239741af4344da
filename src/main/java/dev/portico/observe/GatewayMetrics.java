package dev.portico.observe;

import dev.portico.ratelimit.RateLimitStats;
import dev.portico.upstream.CircuitBreakerEvents;
import dev.portico.upstream.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import dev.portico.upstream.Target;
import dev.portico.upstream.Upstream;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Prometheus registry and its meters. Request meters are labelled by route id, never
 * by raw path, so the series count is bounded by config, not by traffic.
 */
public final class GatewayMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayMetrics.class);
  /** Label value for requests that matched no route. */
  public static final String UNMATCHED = "unmatched";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final AtomicLong openConnections = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final AtomicLong configVersion = new AtomicLong();
  private final MultiGauge circuitStates = MultiGauge.builder("portico_circuit_state")
      .description("Circuit breaker state of each upstream target: 0 closed, 1 half-open, 2 open").register(registry);
  private final MultiGauge targetHealth = MultiGauge.builder("portico_target_healthy")
      .description("Whether each upstream target passes its health checks (1) or not (0)").register(registry);
  private volatile java.util.function.Supplier<? extends java.util.Collection<Upstream>> upstreams = java.util.List::of;

  public GatewayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Gauge.builder("portico_open_connections", openConnections, AtomicLong::get)
        .description("Client connections currently open").register(registry);
    Gauge.builder("portico_requests_in_flight", inFlight, AtomicLong::get)
        .description("Client requests being handled").register(registry);
    Gauge.builder("portico_config_version", configVersion, AtomicLong::get)
        .description("Version of the config in service: 1 at start, one more per applied reload").register(registry);
  }

  /** The meters of one route id; the same object across reloads. */
  public RouteMeters routeMeters(String routeId) {
    return routes.computeIfAbsent(routeId, id -> new RouteMeters(registry, id));
  }

  /**
   * Drops the series of routes that no longer exist, so that a gateway whose routes change at run
   * time does not keep exporting (and holding) every route id it ever had. Called after a reload
   * swapped in a new config; requests still finishing on the old one record into meters that are
   * simply no longer exported.
   */
  public void retainRoutes(java.util.Set<String> routeIds) {
    java.util.Set<String> removed = new java.util.HashSet<>(routes.keySet());
    removed.removeAll(routeIds);
    removed.remove(UNMATCHED);
    if (removed.isEmpty()) {
      return;
    }
    routes.keySet().removeAll(removed);
    for (var meter : registry.getMeters()) {
      String route = meter.getId().getTag("route");
      if (route != null && removed.contains(route)) {
        registry.remove(meter);
      }
    }
  }

  public void connectionOpened() {
    openConnections.incrementAndGet();
  }

  public void connectionClosed() {
    openConnections.decrementAndGet();
  }

  public void requestStarted() {
    inFlight.incrementAndGet();
  }

  public void requestEnded() {
    inFlight.decrementAndGet();
  }

  public void configReload(boolean applied) {
    configReload(applied ? "applied" : "rejected");
  }

  /** Counts a reload by its outcome: {@code applied}, {@code rejected} or {@code unchanged}. */
  public void configReload(String outcome) {
    Counter.builder("portico_config_reloads")
        .description("Config reload attempts by outcome")
        .tag("outcome", outcome)
        .register(registry).increment();
  }

  /** The version of the config in service (1 at start, +1 per applied reload). */
  public void configVersion(long version) {
    configVersion.set(version);
  }

  /** Counts a JWKS fetch of an issuer by outcome ({@code success} or {@code failure}). */
  public void jwksRefresh(String issuer, boolean succeeded) {
    Counter.builder("portico_jwks_refreshes")
        .description("JWKS fetches by issuer and outcome")
        .tags("issuer", issuer, "outcome", succeeded ? "success" : "failure")
        .register(registry).increment();
  }

  /**
   * Where the scrape reads the upstreams in service, for the per-target circuit and health gauges.
   * Read at scrape time, so retired upstreams and targets drop out without any bookkeeping.
   */
  public void upstreams(java.util.function.Supplier<? extends java.util.Collection<Upstream>> upstreams) {
    this.upstreams = upstreams;
  }

  /** The meters of every route that has recorded something, by route id (for the dashboard). */
  public java.util.Map<String, RouteMeters> routes() {
    return java.util.Collections.unmodifiableMap(routes);
  }

  /** Rate-limit decisions so far, by decision ({@code allowed}, {@code denied}, {@code limiter_failed}). */
  public java.util.Map<String, Long> rateLimitDecisions() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (Counter c : registry.find("portico_ratelimit_decisions").counters()) {
      out.merge(c.getId().getTag("decision"), (long) c.count(), Long::sum);
    }
    return out;
  }

  /** Requests shed so far (all routes). */
  public long shedRequests() {
    return (long) registry.find("portico_requests_shed").counters().stream().mapToDouble(Counter::count).sum();
  }

  public long openConnections() {
    return openConnections.get();
  }

  public long requestsInFlight() {
    return inFlight.get();
  }

  /** The circuit state as a number: 0 closed (or no breaker), 1 half-open, 2 open. */
  public static int circuitStateValue(Target target) {
    if (target.breaker() == null) {
      return 0;
    }
    return switch (target.breaker().state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  private void refreshTargetGauges() {
    java.util.List<MultiGauge.Row<?>> circuit = new java.util.ArrayList<>();
    java.util.List<MultiGauge.Row<?>> health = new java.util.ArrayList<>();
    for (Upstream upstream : upstreams.get()) {
      for (Target target : upstream.targets()) {
        Tags tags = Tags.of("upstream", upstream.name(), "target", target.toString());
        circuit.add(MultiGauge.Row.of(tags, circuitStateValue(target)));
        health.add(MultiGauge.Row.of(tags, target.healthy() ? 1 : 0));
      }
    }
    circuitStates.register(circuit, true);
    targetHealth.register(health, true);
  }

  /** Changed listener certificate files: applied, or rejected and the previous ones kept. */
  public void tlsCertificateReload(boolean applied) {
    Counter.builder("portico_tls_certificate_reloads")
        .description("Listener certificate reloads after their files changed, by outcome")
        .tag("outcome", applied ? "applied" : "rejected")
        .register(registry).increment();
  }

  /** Counts rate-limit decisions: {@code portico_ratelimit_decisions_total{decision=allowed|denied|limiter_failed}}. */
  public RateLimitStats rateLimitStats() {
    Counter allowed = decisionCounter("allowed");
    Counter denied = decisionCounter("denied");
    Counter failed = decisionCounter("limiter_failed");
    return new RateLimitStats() {
      @Override
      public void allowed() {
        allowed.increment();
      }

      @Override
      public void denied() {
        denied.increment();
      }

      @Override
      public void limiterFailed() {
        failed.increment();
      }
    };
  }

  private Counter decisionCounter(String decision) {
    return Counter.builder("portico_ratelimit_decisions")
        .description("Rate-limit decisions; limiter_failed counts shared-limiter failures decided by the fail mode")
        .tag("decision", decision)
        .register(registry);
  }

  /**
   * Counts circuit breaker transitions per upstream and target
   * ({@code portico_circuit_transitions_total{upstream, target, to}}) and logs each one.
   */
  public CircuitBreakerEvents circuitEvents() {
    return (upstream, target, from, to) -> {
      Counter.builder("portico_circuit_transitions")
          .description("Circuit breaker state changes of upstream targets")
          .tag("upstream", upstream).tag("target", target).tag("to", to.name().toLowerCase(Locale.ROOT))
          .register(registry).increment();
      if (to == CircuitBreaker.State.OPEN) {
        log.warn("Circuit of upstream {} target {} opened (was {})", upstream, target, from);
      } else {
        log.info("Circuit of upstream {} target {} is {} (was {})", upstream, target, to, from);
      }
    };
  }

  /**
   * Counts requests a route refused because it had its maximum in flight. The series is created at
   * the first refusal, so a route that never sheds costs none.
   */
  public Runnable shedCounter(String routeId) {
    return () -> Counter.builder("portico_requests_shed")
        .description("Requests refused with 503 because the route had its maximum in flight")
        .tag("route", routeId)
        .register(registry).increment();
  }

  /** Prometheus text exposition. */
  public String scrape() {
    refreshTargetGauges();
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
