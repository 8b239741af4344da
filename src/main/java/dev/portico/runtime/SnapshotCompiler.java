package dev.portico.runtime;

import dev.portico.aggregate.AggregateHandler;
import dev.portico.config.ConfigError;
import dev.portico.config.ConfigException;
import dev.portico.config.CorsConfig;
import dev.portico.config.GatewayConfig;
import dev.portico.config.MatchConfig;
import dev.portico.config.RouteConfig;
import dev.portico.config.UpstreamConfig;
import dev.portico.observe.GatewayMetrics;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Filter;
import dev.portico.pipeline.Handler;
import dev.portico.transform.Shaper;
import dev.portico.proxy.IdentityHeaders;
import dev.portico.ratelimit.RateLimiters;
import dev.portico.traffic.ConcurrencyLimit;
import dev.portico.traffic.LoadShedFilter;
import dev.portico.proxy.PathRewriter;
import dev.portico.proxy.ProxyHandler;
import dev.portico.routing.InvalidPatternException;
import dev.portico.routing.MatchRule;
import dev.portico.routing.RouteTable;
import dev.portico.security.RevocationList;
import dev.portico.security.cors.CorsFilter;
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
  private final RateLimiters rateLimiters;

  public SnapshotCompiler(GatewayMetrics metrics, RevocationList revocations, RateLimiters rateLimiters) {
    this.metrics = metrics;
    this.revocations = revocations;
    this.rateLimiters = rateLimiters;
  }

  public Snapshot compile(GatewayConfig config, Snapshot previous, long version) throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    Map<String, Upstream> upstreams = new LinkedHashMap<>();
    for (UpstreamConfig uc : config.upstreams().values()) {
      Upstream old = previous == null ? null : previous.upstreams().get(uc.name());
      upstreams.put(uc.name(), old != null && old.config().equals(uc) ? old : Upstream.of(uc, metrics.circuitEvents()));
    }
    long defaultBodyLimit = config.listen().limits().maxBodySize();
    IdentityHeaders identityHeaders = IdentityHeaders.of(config.identityHeaders());
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
      // An aggregate route has no upstream of its own: its calls name theirs.
      Upstream upstream = rc.aggregate() != null ? null : upstreams.get(rc.upstream());
      long timeout = (rc.timeout() != null ? rc.timeout()
          : upstream != null ? upstream.config().timeout() : rc.aggregate().timeout()).toMillis();
      Shaper shaper = Shaper.of(rc.shape());
      Route route = new Route(rc.id(), rc, upstream, rewriter,
          rc.maxBodySize() != null ? rc.maxBodySize() : defaultBodyLimit, timeout, rc.preserveHost(),
          Chain.of(filters(rc, config), handlerFor(rc, upstreams, shaper)), metrics.routeMeters(rc.id()),
          identityHeaders, shaper);
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

  /** The end of a route's chain: its aggregate, or the proxy. */
  private static Handler handlerFor(RouteConfig rc, Map<String, Upstream> upstreams, Shaper shaper) {
    return rc.aggregate() != null
        ? AggregateHandler.of(rc.aggregate(), upstreams, shaper)
        : PROXY;
  }

  /** A route's filters in stage order: security, then traffic control (shedding before rate limits). */
  private List<Filter> filters(RouteConfig rc, GatewayConfig config) {
    List<Filter> filters = new ArrayList<>();
    // First: browsers send preflights without credentials, so they are answered before authentication.
    CorsFilter cors = CorsFilter.of(CorsConfig.effective(config.cors(), rc.cors()));
    if (cors != null) {
      filters.add(cors);
    }
    if (rc.maxInFlight() != null) {
      filters.add(new LoadShedFilter(new ConcurrencyLimit(rc.maxInFlight()), metrics.shedCounter(rc.id())));
    }
    if (rc.rateLimit() != null) {
      filters.add(rateLimiters.filterFor(rc.id(), rc.rateLimit(), config.rateLimits(), config.plans()));
    }
    return filters;
  }

}
