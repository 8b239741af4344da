package dev.portico.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole gateway configuration, as loaded by {@link ConfigLoader}. Immutable; a reload builds a new one.
 *
 * @param eventLoops 0 = one per core
 * @param upstreams  by name, in YAML order
 * @param routes     in YAML order (the router orders by priority)
 * @param rateLimits how rate limits are kept
 * @param cluster    state shared between instances (Redis); {@link ClusterConfig#ofDefault()} when absent
 * @param auth       token issuers, API key and tenant settings that routes' {@code auth} sections use
 * @param consumers  API consumers, in YAML order, with their keys as hashes
 * @param plans      by name, in YAML order
 * @param cors       the global CORS policy, or {@code null} for none
 * @param tracing    OpenTelemetry tracing, or {@code null} when off
 * @param source     where each key was written, so later stages (the router) can report errors by position
 */
public record GatewayConfig(ListenConfig listen, AdminConfig admin, AccessLogConfig accessLog,
    ShutdownConfig shutdown, int eventLoops, Map<String, UpstreamConfig> upstreams, List<RouteConfig> routes,
    RateLimitsConfig rateLimits, ClusterConfig cluster, AuthConfig auth, List<ConsumerConfig> consumers,
    Map<String, PlanConfig> plans, IdentityHeadersConfig identityHeaders, CorsConfig cors, TracingConfig tracing, SourceMap source) {

  public GatewayConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(accessLog, "accessLog");
    Objects.requireNonNull(shutdown, "shutdown");
    if (eventLoops < 0) {
      throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: >= 0)");
    }
    upstreams = Immutables.orderedCopy(upstreams);
    routes = List.copyOf(routes);
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(cluster, "cluster");
    consumers = List.copyOf(consumers);
    plans = Immutables.orderedCopy(plans);
    Objects.requireNonNull(identityHeaders, "identityHeaders");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(source, "source");
  }
}
