package dev.portico.runtime;

import dev.portico.config.GatewayConfig;
import dev.portico.routing.RouteTable;
import dev.portico.server.TrustedProxies;
import dev.portico.upstream.Upstream;
import java.time.Instant;
import java.util.Map;

/**
 * The whole runtime built from one config: immutable, swapped in with one reference write. A
 * request reads the current snapshot once and finishes on it, whatever reloads happen meanwhile.
 *
 * @param routesById the compiled routes by id, for the admin API and {@code portico routes}
 */
public record Snapshot(
    long version,
    GatewayConfig config,
    RouteTable<Route> routes,
    Map<String, Route> routesById,
    Map<String, Upstream> upstreams,
    TrustedProxies trustedProxies,
    Instant appliedAt) {}
