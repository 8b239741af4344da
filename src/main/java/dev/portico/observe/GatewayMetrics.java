package dev.portico.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's Prometheus registry and its meters. Request meters are labelled by route id, never
 * by raw path, so the series count is bounded by config, not by traffic.
 */
public final class GatewayMetrics implements AutoCloseable {
  /** Label value for requests that matched no route. */
  public static final String UNMATCHED = "unmatched";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final AtomicLong openConnections = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  public GatewayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Gauge.builder("portico_open_connections", openConnections, AtomicLong::get)
        .description("Client connections currently open").register(registry);
    Gauge.builder("portico_requests_in_flight", inFlight, AtomicLong::get)
        .description("Client requests being handled").register(registry);
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
    Counter.builder("portico_config_reloads")
        .description("Config reload attempts by outcome")
        .tag("outcome", applied ? "applied" : "rejected")
        .register(registry).increment();
  }

  /** Changed listener certificate files: applied, or rejected and the previous ones kept. */
  public void tlsCertificateReload(boolean applied) {
    Counter.builder("portico_tls_certificate_reloads")
        .description("Listener certificate reloads after their files changed, by outcome")
        .tag("outcome", applied ? "applied" : "rejected")
        .register(registry).increment();
  }

  /** Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
