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
import dev.portico.flags.TenantFlags;
import dev.portico.split.VaryOnAccept;
import dev.portico.split.WeightedSplit;
import dev.portico.transform.DeprecationFilter;
import dev.portico.transform.Shaper;
import dev.portico.transform.TransformFilter;
import dev.portico.validate.ValidationFilter;
import dev.portico.proxy.IdentityHeaders;
import dev.portico.ratelimit.RateLimitStats;
import dev.portico.ratelimit.RateLimiters;
import dev.portico.security.consumer.ConsumerDirectory;
import dev.portico.security.revocation.InMemoryRevocationList;
import dev.portico.traffic.ConcurrencyLimit;
import dev.portico.traffic.LoadShedFilter;
import dev.portico.proxy.PathRewriter;
import dev.portico.proxy.ProxyHandler;
import dev.portico.routing.InvalidPatternException;
import dev.portico.routing.MatchRule;
import dev.portico.routing.MediaTypeCondition;
import dev.portico.routing.RouteTable;
import dev.portico.security.ApiKeyAuthenticator;
import dev.portico.security.AuthFilters;
import dev.portico.security.RevocationList;
import dev.portico.security.cors.CorsFilter;
import dev.portico.security.jwt.JwtIssuers;
import dev.portico.server.TrustedProxies;
import dev.portico.upstream.Upstream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a validated config into a {@link Snapshot}. The loader has already checked path
 * patterns and rewrite templates; the compiler still reports any failure with its position rather
 * than trusting that.
 * Upstreams whose config did not change are carried over from the previous snapshot, so their
 * pools, counters and ejections survive a reload.
 */
public final class SnapshotCompiler {
  private static final Logger log = LoggerFactory.getLogger(SnapshotCompiler.class);
  private static final ProxyHandler PROXY = new ProxyHandler();

  private final GatewayMetrics metrics;
  private final RevocationList revocations;
  private final RateLimiters rateLimiters;
  private final JwtIssuers jwtIssuers;
  private final Function<GatewayConfig, ApiKeyAuthenticator> apiKeyAuthenticators;

  /**
   * For checking a config ({@code validate}, {@code routes}): the same compilation with in-memory state;
   * token verifiers are built but never fetch keys.
   */
  public static SnapshotCompiler forChecking(GatewayMetrics metrics, GatewayConfig config) {
    return new SnapshotCompiler(metrics, new InMemoryRevocationList(),
        new RateLimiters(config.rateLimits(), null, RateLimitStats.NONE), JwtIssuers.compileOnly(),
        SnapshotCompiler::apiKeyAuthenticator);
  }

  /** The consumer directory of a config, or {@code null} when it has no consumers. */
  public static ApiKeyAuthenticator apiKeyAuthenticator(GatewayConfig config) {
    return config.consumers().isEmpty() ? null : ConsumerDirectory.of(config.auth().apiKeys(), config.consumers());
  }

  /**
   * @param jwtIssuers            keeps token verifiers (and their JWKS caches) across reloads
   * @param apiKeyAuthenticators  the API key authenticator for a config (its consumers), or {@code null} when
   *                              API keys cannot be checked: routes with {@code apiKey: true} then refuse keys
   */
  public SnapshotCompiler(GatewayMetrics metrics, RevocationList revocations, RateLimiters rateLimiters,
      JwtIssuers jwtIssuers, Function<GatewayConfig, ApiKeyAuthenticator> apiKeyAuthenticators) {
    this.metrics = metrics;
    this.revocations = revocations;
    this.rateLimiters = rateLimiters;
    this.jwtIssuers = jwtIssuers;
    this.apiKeyAuthenticators = apiKeyAuthenticators;
  }

  public Snapshot compile(GatewayConfig config, Snapshot previous, long version) throws ConfigException {
    List<ConfigError> errors = new ArrayList<>();
    Map<String, Upstream> upstreams = new LinkedHashMap<>();
    for (UpstreamConfig uc : config.upstreams().values()) {
      Upstream old = previous == null ? null : previous.upstreams().get(uc.name());
      try {
        upstreams.put(uc.name(), old != null && old.config().equals(uc) ? old : Upstream.of(uc, metrics.circuitEvents()));
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        // A TLS file checked by the loader changed or vanished since.
        errors.add(config.source().errorAt("upstreams." + uc.name() + ".tls", e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    AuthFilters auth = new AuthFilters(config.auth(), jwtIssuers.prepare(config.auth().jwt()),
        apiKeyAuthenticators.apply(config), revocations);
    long defaultBodyLimit = config.listen().limits().maxBodySize();
    IdentityHeaders identityHeaders = IdentityHeaders.of(config.identityHeaders());
    RouteTable.Builder<Route> table = RouteTable.builder();
    Map<String, Route> routesById = new LinkedHashMap<>();
    List<RouteConfig> routes = config.routes();
    VaryOnAccept.Negotiated negotiated = new VaryOnAccept.Negotiated(routes);
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
      Filter authFilter = null;
      if (rc.auth() != null) {
        try {
          authFilter = auth.forRoute(rc.auth());
        } catch (IllegalArgumentException e) {
          errors.add(config.source().errorAt(at + ".auth.jwt", e.getMessage()));
          continue;
        }
        if (rc.auth().apiKey() && !auth.hasApiKeyAuthenticator()) {
          log.warn("Route {} accepts API keys but no consumers are configured: every API key is refused", rc.id());
        }
      }
      Shaper shaper = Shaper.of(rc.shape());
      Route route = new Route(rc.id(), rc, upstream, rewriter,
          rc.maxBodySize() != null ? rc.maxBodySize() : defaultBodyLimit, timeout, rc.preserveHost(),
          Chain.of(filters(rc, config, authFilter, upstreams, negotiated), handlerFor(rc, upstreams, shaper)), metrics.routeMeters(rc.id()),
          identityHeaders, shaper);
      routesById.put(rc.id(), route);
      try {
        table.add(new MatchRule(m.hosts(), m.path(), new LinkedHashSet<>(m.methods()), m.headers(),
            m.query(), rc.priority(), m.mediaType() == null ? null
                : new MediaTypeCondition(m.mediaType().type(), m.mediaType().param(), m.mediaType().value())), route);
      } catch (InvalidPatternException e) {
        errors.add(config.source().errorAt(at + ".match.path", e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new Snapshot(version, config, table.build(), Map.copyOf(routesById), Map.copyOf(upstreams),
        new TrustedProxies(config.listen().trustedProxies()), Instant.now());
  }

  /** The end of a route's chain: its aggregate, or the proxy. */
  private static Handler handlerFor(RouteConfig rc, Map<String, Upstream> upstreams, Shaper shaper) {
    return rc.aggregate() != null
        ? AggregateHandler.of(rc.aggregate(), upstreams, shaper)
        : PROXY;
  }

  /**
   * A route's filters in stage order: CORS, authentication, then traffic control (shedding before
   * rate limits, which may count per consumer and so need the identity).
   */
  private List<Filter> filters(RouteConfig rc, GatewayConfig config, Filter authFilter,
      Map<String, Upstream> upstreams, VaryOnAccept.Negotiated negotiated) {
    List<Filter> filters = new ArrayList<>();
    // First: browsers send preflights without credentials, so they are answered before authentication.
    CorsFilter cors = CorsFilter.of(CorsConfig.effective(config.cors(), rc.cors()));
    if (cors != null) {
      filters.add(cors);
    }
    if (authFilter != null) {
      filters.add(authFilter);
    }
    if (rc.maxInFlight() != null) {
      filters.add(new LoadShedFilter(new ConcurrencyLimit(rc.maxInFlight()), metrics.shedCounter(rc.id())));
    }
    if (rc.rateLimit() != null) {
      filters.add(rateLimiters.filterFor(rc.id(), rc.rateLimit(), config.rateLimits(), config.plans()));
    }
    // Validation sees the request as the client sent it; transformation then edits what goes upstream.
    ValidationFilter validation = ValidationFilter.of(rc.validate());
    if (validation != null) {
      filters.add(validation);
    }
    // Flags first: a flagged tenant's upstream is not re-chosen by the split.
    TenantFlags flags = TenantFlags.of(rc.flags(), upstreams);
    if (flags != null) {
      filters.add(flags);
    }
    WeightedSplit split = WeightedSplit.of(rc.split(), upstreams);
    if (split != null) {
      filters.add(split);
    }
    VaryOnAccept vary = negotiated.filterFor(rc);
    if (vary != null) {
      filters.add(vary);
    }
    DeprecationFilter deprecation = DeprecationFilter.of(rc.deprecated());
    if (deprecation != null) {
      filters.add(deprecation);
    }
    TransformFilter transform = TransformFilter.of(rc.transform());
    if (transform != null) {
      filters.add(transform);
    }
    return filters;
  }

}
