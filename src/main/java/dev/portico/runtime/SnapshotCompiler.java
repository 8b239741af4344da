package dev.portico.runtime;

import dev.portico.config.ConfigError;
import dev.portico.config.ConfigException;
import dev.portico.config.GatewayConfig;
import dev.portico.config.MatchConfig;
import dev.portico.config.RouteConfig;
import dev.portico.config.UpstreamConfig;
import dev.portico.observe.GatewayMetrics;
import dev.portico.pipeline.Chain;
import dev.portico.proxy.PathRewriter;
import dev.portico.proxy.ProxyHandler;
import dev.portico.routing.InvalidPatternException;
import dev.portico.routing.MatchRule;
import dev.portico.routing.RouteTable;
import dev.portico.security.RevocationList;
import dev.portico.server.TrustedProxies;
import dev.portico.upstream.Upstream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Compiles a validated config into a {@link Snapshot}. The loader has already checked path
 * patterns and rewrite templates; the compiler still reports any failure with its position rather
 * than trusting that.
 * Upstreams whose config did not change are carried over from the previous snapshot, so their
 * pools, counters and ejections survive a reload.
 */
public final class SnapshotCompiler {
  private static final ProxyHandler PROXY = new ProxyHandler();

  private final GatewayMetrics metrics;
  private final RevocationList revocations;

  public SnapshotCompiler(GatewayMetrics metrics, RevocationList revocations) {
    this.metrics = metrics;
    this.revocations = revocations;
  }

  public Snapshot compile(GatewayConfig config, Snapshot previous, long version) throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    Map<String, Upstream> upstreams = new LinkedHashMap<>();
    for (UpstreamConfig uc : config.upstreams().values()) {
      Upstream old = previous == null ? null : previous.upstreams().get(uc.name());
      try {
        upstreams.put(uc.name(), old != null && old.config().equals(uc) ? old : Upstream.of(uc));
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        // A TLS file checked by the loader changed or vanished since.
        errors.add(config.source().errorAt("upstreams." + uc.name() + ".tls", e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    long defaultBodyLimit = config.listen().limits().maxBodySize();
    RouteTable.Builder<Route> table = RouteTable.builder();
    List<RouteConfig> routes = config.routes();
    for (int i = 0; i < routes.size(); i++) {
      RouteConfig rc = routes.get(i);
      String at = "routes[" + i + "]";
      MatchConfig m = rc.match();
      PathRewriter rewriter;
      try {
        rewriter = PathRewriter.of(rc.rewrite());
      } catch (IllegalArgumentException e) {
        errors.add(config.source().errorAt(at + ".rewrite.path", e.getMessage()));
        continue;
      }
      Upstream upstream = upstreams.get(rc.upstream());
      long timeout = (rc.timeout() != null ? rc.timeout() : upstream.config().timeout()).toMillis();
      Route route = new Route(rc.id(), rc, upstream, rewriter,
          rc.maxBodySize() != null ? rc.maxBodySize() : defaultBodyLimit, timeout, rc.preserveHost(),
          Chain.of(List.of(), PROXY), metrics.routeMeters(rc.id()));
      try {
        table.add(new MatchRule(m.hosts(), m.path(), new LinkedHashSet<>(m.methods()), m.headers(),
            m.query(), rc.priority()), route);
      } catch (InvalidPatternException e) {
        errors.add(config.source().errorAt(at + ".match.path", e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new Snapshot(version, config, table.build(), Map.copyOf(upstreams),
        new TrustedProxies(config.listen().trustedProxies()), Instant.now());
  }

}
