package dev.portico.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds the YAML tree to the config records, applying defaults for absent keys and checking each value where it
 * stands. Checks that need the whole tree (references between routes and upstreams) are left to {@link Validator}.
 */
final class Binder {

  static final List<String> TOP_KEYS =
      List.of("listen", "admin", "accessLog", "shutdown", "eventLoops", "upstreams", "routes", "rateLimits",
          "cluster", "auth", "consumers", "plans", "identityHeaders", "cors", "tracing");
  static final List<String> LISTEN_KEYS = List.of("host", "port", "http2", "idleTimeout", "requestHeaderTimeout",
      "limits", "trustedProxies", "tls");
  static final List<String> LIMITS_KEYS = List.of("maxHeaderSize", "maxHeaderCount", "maxUriLength", "maxBodySize");
  static final List<String> ADMIN_KEYS = List.of("host", "port", "token", "stateFile");
  static final List<String> ACCESS_LOG_KEYS = ObservabilityBinder.ACCESS_LOG_KEYS;
  static final List<String> SHUTDOWN_KEYS = List.of("drainTimeout");
  static final List<String> UPSTREAM_KEYS = List.of("targets", "balance", "hashOn", "connectTimeout", "timeout",
      "idleTimeout", "maxConnectionsPerTarget", "tls", "maxInFlight", "health", "circuitBreaker", "retry");
  static final List<String> ROUTE_KEYS = List.of("id", "priority", "match", "upstream", "rewrite", "preserveHost",
      "timeout", "maxBodySize", "maxInFlight", "rateLimit", "cors", "auth", "aggregate", "aggregateTimeout", "shape",
      "views", "transform", "validate", "deprecated", "upstreams", "flags");
  static final List<String> MATCH_KEYS = List.of("hosts", "path", "methods", "headers", "query", "mediaType");
  static final List<String> REWRITE_KEYS = List.of("stripPrefix", "path");

  static final String NAME_EXPECTED = "a name of letters, digits, '.', '_' or '-'";
  static final String TARGET_EXPECTED = "http://host:port or https://host:port, without path, query or user info";
  static final String HOST_PATTERN_EXPECTED = "a host name like api.example.com or *.example.com";
  static final String BIND_HOST_EXPECTED = "an IP address or host name to listen on";
  static final String METHOD_EXPECTED = "an HTTP method like GET or POST";
  static final String PATH_EXPECTED = "a path starting with /";

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final Pattern HOST_NAME =
      Pattern.compile("(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  private final ValueReader reader;
  private final RateLimitBinder rateLimitBinder;
  private final AuthBinder authBinder;

  Binder(ValueReader reader) {
    this.reader = reader;
    this.rateLimitBinder = new RateLimitBinder(reader);
    this.authBinder = new AuthBinder(reader);
  }

  /** Returns the bound config; meaningful only if the reader collected no errors. */
  GatewayConfig bind(Node root) {
    Fields top = reader.fields(root, "", TOP_KEYS);
    ListenConfig listen = listen(top.fields("listen", LISTEN_KEYS));
    AdminConfig admin = admin(top.fields("admin", ADMIN_KEYS), listen);
    ObservabilityBinder observability = new ObservabilityBinder(reader);
    AccessLogConfig accessLog = observability.accessLog(top.fields("accessLog", ACCESS_LOG_KEYS));
    TracingConfig tracing = observability.tracing(top.fields("tracing", ObservabilityBinder.TRACING_KEYS));
    ShutdownConfig shutdown =
        new ShutdownConfig(top.fields("shutdown", SHUTDOWN_KEYS)
            .duration("drainTimeout", ShutdownConfig.DEFAULT_DRAIN_TIMEOUT, false));
    int eventLoops = top.integer("eventLoops", 0, 0, 4096, "a number of event loops 0-4096, 0 = one per core");
    Fields rateLimitFields = top.fields("rateLimits", RateLimitBinder.TOP_KEYS);
    RateLimitsConfig rateLimits = rateLimitBinder.top(rateLimitFields);

    Set<String> upstreamNames = new LinkedHashSet<>();
    Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
    for (ValueReader.Entry e : top.entries("upstreams", "a mapping of upstream names to upstreams")) {
      String path = top.path("upstreams") + "." + e.key();
      upstreamNames.add(e.key());
      if (!NAME.matcher(e.key()).matches()) {
        reader.error(e.keyNode(), path, Quote.of(e.key()) + " (expected: " + NAME_EXPECTED + ")");
      }
      UpstreamConfig upstream = upstream(e.key(), reader.fields(e.value(), path, UPSTREAM_KEYS));
      if (upstream != null) {
        upstreams.put(e.key(), upstream);
      }
    }

    AuthConfig auth = authBinder.auth(top.fields("auth", AuthBinder.AUTH_KEYS));

    List<RouteConfig> routes = new ArrayList<>();
    List<Node> routeNodes = top.has("routes") ? reader.items(top.value("routes"), "routes", "routes") : List.of();
    for (int i = 0; i < routeNodes.size(); i++) {
      routes.add(route(reader.fields(routeNodes.get(i), "routes[" + i + "]", ROUTE_KEYS), upstreamNames));
    }
    new Validator(reader).checkReferences(routes, upstreamNames);
    ConsumerBinder consumerBinder = new ConsumerBinder(reader);
    Map<String, PlanConfig> plans = consumerBinder.plans(top);
    List<ConsumerConfig> consumers = consumerBinder.consumers(top);
    IdentityHeadersConfig identityHeaders =
        new IdentityHeadersBinder(reader).bind(top.fields("identityHeaders", IdentityHeadersBinder.KEYS));
    CorsConfig cors = new CorsBinder(reader).bind(top, "cors");
    ClusterConfig cluster = new ClusterBinder(reader).bind(top.fields("cluster", ClusterBinder.CLUSTER_KEYS));
    if ("redis".equals(rateLimits.store()) && cluster.redis() == null) {
      reader.error(rateLimitFields.value("store"), rateLimitFields.path("store"),
          "redis needs a Redis connection (expected: cluster.redis, or store: local)");
    }
    authBinder.checkRoutes(routes, auth);
    new TransformBinder(reader).checkRoutes(routes, identityHeaders);
    return new GatewayConfig(listen, admin, accessLog, shutdown, eventLoops, upstreams, routes, rateLimits,
        cluster, auth, consumers, plans, identityHeaders, cors, tracing, reader.sourceMap());
  }

  private ListenConfig listen(Fields f) {
    Fields limits = f.fields("limits", LIMITS_KEYS);
    LimitsConfig limitsConfig = new LimitsConfig(
        limits.size("maxHeaderSize", (long) LimitsConfig.DEFAULT_MAX_HEADER_SIZE, Integer.MAX_VALUE).intValue(),
        limits.integer("maxHeaderCount", LimitsConfig.DEFAULT_MAX_HEADER_COUNT, 1, 100_000,
            "a number of headers 1-100000"),
        limits.size("maxUriLength", (long) LimitsConfig.DEFAULT_MAX_URI_LENGTH, Integer.MAX_VALUE).intValue(),
        limits.size("maxBodySize", LimitsConfig.DEFAULT_MAX_BODY_SIZE, Long.MAX_VALUE));
    return new ListenConfig(
        f.get("host", ListenConfig.DEFAULT_HOST, BIND_HOST_EXPECTED, Binder::bindHost),
        f.integer("port", ListenConfig.DEFAULT_PORT, 0, 65535, Ports.EXPECTED),
        f.bool("http2", true),
        f.duration("idleTimeout", ListenConfig.DEFAULT_IDLE_TIMEOUT, false),
        f.duration("requestHeaderTimeout", ListenConfig.DEFAULT_REQUEST_HEADER_TIMEOUT, true),
        limitsConfig,
        f.list("trustedProxies", Cidr.EXPECTED, Cidr::parse),
        new TlsBinder(reader).listener(f));
  }

  private AdminConfig admin(Fields f, ListenConfig listen) {
    int errorsBefore = reader.errorCount();
    AdminConfig admin = new AdminConfig(
        f.get("host", AdminConfig.DEFAULT_HOST, BIND_HOST_EXPECTED, Binder::bindHost),
        f.integer("port", AdminConfig.DEFAULT_PORT, 0, 65535, Ports.EXPECTED),
        AdminBinder.token(f), f.string("stateFile", null, "a file path"));
    // Binding both listeners to one port fails only at startup, far from the file; say it here instead.
    boolean sameInterface = admin.host().equals(listen.host()) || isWildcard(admin.host())
        || isWildcard(listen.host());
    if (reader.errorCount() == errorsBefore && admin.port() != 0 && admin.port() == listen.port() && sameInterface) {
      reader.error(reader.sourceMap().errorAt(f.path("port"),
          "port " + admin.port() + " is already used by listen.port (expected: a different port)"));
    }
    return admin;
  }

  /** Returns {@code null} if anything in it was invalid: a half-bound upstream may break the record's invariants. */
  private UpstreamConfig upstream(String name, Fields f) {
    int errorsBefore = reader.errorCount();
    if (!f.isMapping()) {
      return null;
    }
    if (f.node() == null || YamlNodes.isNull(f.node())) {
      reader.error(reader.sourceMap().errorAt(f.path(), "missing required key \"targets\""));
      return null;
    }
    f.require("targets");
    List<URI> targets = f.list("targets", TARGET_EXPECTED, Binder::target);
    if (f.has("targets") && targets.isEmpty() && reader.errorCount() == errorsBefore) {
      reader.error(f.value("targets"), f.path("targets"), "empty list (expected: at least one " + TARGET_EXPECTED + ")");
    }
    Set<URI> seen = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      if (!seen.add(targets.get(i))) {
        reader.error(reader.sourceMap().errorAt(f.path("targets") + "[" + i + "]",
            Quote.of(targets.get(i).toString()) + " is listed twice (expected: distinct targets)"));
      } else if (!targets.get(i).getScheme().equals(targets.get(0).getScheme())) {
        // One client per upstream speaks either TLS or cleartext to all its targets.
        reader.error(reader.sourceMap().errorAt(f.path("targets") + "[" + i + "]",
            Quote.of(targets.get(i).toString()) + " is " + targets.get(i).getScheme() + " but targets[0] is "
                + targets.get(0).getScheme() + " (expected: one scheme for all targets)"));
      }
    }
    boolean https = !targets.isEmpty() && targets.get(0).getScheme().equals("https");
    UpstreamTlsConfig tls = targets.isEmpty() ? null : new TlsBinder(reader).upstream(f, https);

    int balanceErrors = reader.errorCount();
    Balance balance = f.get("balance", Balance.ROUND_ROBIN, Balance.EXPECTED, Balance::parse);
    HashKey hashOn = f.get("hashOn", null, HashKey.EXPECTED, HashKey::parse);
    if (reader.errorCount() == balanceErrors) {
      if (balance == Balance.CONSISTENT_HASH && hashOn == null) {
        reader.error(f.value("balance"), f.path("balance"),
            "consistent-hash needs hashOn (expected: hashOn: " + HashKey.EXPECTED + ")");
      } else if (balance != Balance.CONSISTENT_HASH && hashOn != null) {
        reader.error(f.value("hashOn"), f.path("hashOn"),
            "only applies to balance: consistent-hash (balance is " + balance.yamlName() + ")");
      }
    }
    Duration connectTimeout = f.duration("connectTimeout", UpstreamConfig.DEFAULT_CONNECT_TIMEOUT, true);
    Duration timeout = f.duration("timeout", UpstreamConfig.DEFAULT_TIMEOUT, true);
    Duration idleTimeout = f.duration("idleTimeout", UpstreamConfig.DEFAULT_IDLE_TIMEOUT, false);
    int maxConnections = f.integer("maxConnectionsPerTarget", UpstreamConfig.DEFAULT_MAX_CONNECTIONS_PER_TARGET,
        1, 1_000_000, "a number of connections 1-1000000");
    Integer maxInFlight = f.has("maxInFlight")
        ? f.integer("maxInFlight", 0, 1, Integer.MAX_VALUE, "a number of requests >= 1") : null;
    ResilienceConfig resilience = new ResilienceConfig(
        ResilienceBinder.health(f.fields("health", ResilienceBinder.HEALTH_KEYS)),
        ResilienceBinder.circuitBreaker(f.fields("circuitBreaker", ResilienceBinder.BREAKER_KEYS), reader),
        ResilienceBinder.retry(f.fields("retry", ResilienceBinder.RETRY_KEYS)),
        maxInFlight);
    if (reader.errorCount() != errorsBefore) {
      return null;
    }
    return new UpstreamConfig(name, targets, balance, hashOn, connectTimeout, timeout, idleTimeout, maxConnections,
        tls, resilience);
  }

  /** Always returns a route, even a placeholder, so that route indexes in later checks match the file. */
  private RouteConfig route(Fields f, Set<String> upstreamNames) {
    if (f.has("aggregate") && f.has("upstream")) {
      reader.error(f.value("aggregate"), f.path("aggregate"),
          "set together with upstream (expected: exactly one of upstream and aggregate)");
    }
    f.require(f.has("aggregate") || f.has("upstreams") ? new String[] {"id"} : new String[] {"id", "upstream"});
    String id = f.get("id", "", NAME_EXPECTED, Binder::name);
    int priority = f.integer("priority", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer");
    MatchConfig match = match(f.fields("match", MATCH_KEYS));
    String upstream = f.string("upstream", "", "an upstream name");
    RewriteConfig rewrite = f.has("rewrite") ? rewrite(f.fields("rewrite", REWRITE_KEYS)) : null;
    boolean preserveHost = f.bool("preserveHost", false);
    Duration timeout = f.duration("timeout", null, true);
    Long maxBodySize = f.size("maxBodySize", null, Long.MAX_VALUE);
    Integer maxInFlight = f.has("maxInFlight")
        ? f.integer("maxInFlight", 0, 1, Integer.MAX_VALUE, "a number of requests >= 1") : null;
    RateLimitConfig rateLimit = f.has("rateLimit") ? rateLimitBinder.route(f.value("rateLimit"), f.path("rateLimit"))
        : null;
    CorsConfig cors = new CorsBinder(reader).bind(f, "cors");
    AggregateBinder aggregateBinder = new AggregateBinder(reader);
    AggregateConfig aggregate = f.has("aggregate") && !f.has("upstream")
        ? aggregateBinder.aggregate(f, match.path(), timeout, upstreamNames) : null;
    if (aggregate != null && rewrite != null) {
      reader.error(f.value("rewrite"), f.path("rewrite"), "on an aggregate route (expected: paths in the calls)");
    }
    if (f.has("aggregateTimeout") && !f.has("aggregate")) {
      reader.error(f.value("aggregateTimeout"), f.path("aggregateTimeout"), "without aggregate (expected: timeout)");
    }
    ShapeConfig shape = aggregateBinder.shape(f);
    RouteAuthConfig auth = f.has("auth") ? authBinder.route(f.fields("auth", AuthBinder.ROUTE_KEYS)) : null;
    TransformBinder transformBinder = new TransformBinder(reader);
    SplitConfig split = transformBinder.split(f, upstreamNames);
    if (split != null) {
      upstream = split.upstreams().get(0).upstream();
    }
    return new RouteConfig(id, priority, match, upstream, rewrite, preserveHost, timeout, maxBodySize, maxInFlight,
        rateLimit, cors, auth, aggregate, shape, transformBinder.transform(f, match.path()),
        transformBinder.validate(f, match.path()), transformBinder.deprecated(f), split,
        new FlagBinder(reader).flags(f, upstreamNames));
  }

  private MatchConfig match(Fields f) {
    return new MatchConfig(
        f.list("hosts", HOST_PATTERN_EXPECTED, Binder::hostPattern),
        f.get("path", MatchConfig.DEFAULT_PATH, PATH_EXPECTED, Binder::path),
        f.list("methods", METHOD_EXPECTED, Binder::method),
        valueMap(f, "headers", "a header name", true),
        valueMap(f, "query", "a query parameter name", false),
        f.has("mediaType") ? MediaTypeMatchBinder.bind(reader, f.fields("mediaType", MediaTypeMatchBinder.KEYS)) : null);
  }

  /** Header or query conditions: name to required value, {@code "*"} = present. */
  private Map<String, String> valueMap(Fields f, String key, String nameExpected, boolean namesAreTokens) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries(key, "a mapping of " + nameExpected + "s to values")) {
      String path = f.path(key) + "." + e.key();
      if (namesAreTokens ? !HttpTokens.isToken(e.key()) : e.key().isEmpty()) {
        reader.error(e.keyNode(), path, Quote.of(e.key()) + " (expected: " + nameExpected + ")");
        continue;
      }
      ValueReader.Scalar value = reader.scalar(e.value(), path, "a value, or \"*\" for any");
      if (value != null) {
        out.put(e.key(), value.value());
      }
    }
    return out;
  }

  private RewriteConfig rewrite(Fields f) {
    if (!f.isMapping()) {
      return null;
    }
    String stripPrefix = f.get("stripPrefix", null, PATH_EXPECTED, Binder::path);
    String path = f.get("path", null, PATH_EXPECTED, Binder::path);
    if (f.has("stripPrefix") && f.has("path")) {
      reader.error(reader.sourceMap().errorAt(f.path(),
          "sets both stripPrefix and path (expected: exactly one of them)"));
      return null;
    } else if (!f.has("stripPrefix") && !f.has("path")) {
      reader.error(reader.sourceMap().errorAt(f.path(),
          "sets neither stripPrefix nor path (expected: exactly one of them)"));
      return null;
    }
    return stripPrefix == null && path == null ? null : new RewriteConfig(stripPrefix, path);
  }

  static boolean isName(String s) {
    return NAME.matcher(s).matches();
  }

  static String name(String s) {
    if (!NAME.matcher(s).matches()) {
      throw ValueReader.invalid(s, NAME_EXPECTED);
    }
    return s;
  }

  static String bindHost(String s) {
    String h = s.strip();
    if (IpLiterals.parse(h) == null && !HOST_NAME.matcher(h.toLowerCase(Locale.ROOT)).matches()) {
      throw ValueReader.invalid(s, BIND_HOST_EXPECTED);
    }
    return h;
  }

  static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /** Lower-cases: host names are case-insensitive and the router compares them as-is. */
  static String hostPattern(String s) {
    String h = s.strip().toLowerCase(Locale.ROOT);
    String rest = h.startsWith("*.") ? h.substring(2) : h;
    if (!HOST_NAME.matcher(rest).matches()) {
      throw ValueReader.invalid(s, HOST_PATTERN_EXPECTED);
    }
    return h;
  }

  /** Only the leading slash is checked; the router validates pattern syntax and reports via the SourceMap. */
  static String path(String s) {
    if (!s.startsWith("/")) {
      throw ValueReader.invalid(s, PATH_EXPECTED);
    }
    return s;
  }

  static String method(String s) {
    String m = s.strip().toUpperCase(Locale.ROOT);
    if (!HttpTokens.isToken(m)) {
      throw ValueReader.invalid(s, METHOD_EXPECTED);
    }
    return m;
  }

  /** Normalizes to {@code http[s]://host:port} with the port always explicit, so pools can key on it directly. */
  static URI target(String s) {
    URI uri;
    try {
      uri = new URI(s.strip());
    } catch (URISyntaxException e) {
      throw ValueReader.invalid(s, TARGET_EXPECTED);
    }
    String rawPath = uri.getRawPath();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean ok = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
        && uri.getRawUserInfo() == null
        && uri.getRawQuery() == null && uri.getRawFragment() == null
        && (rawPath == null || rawPath.isEmpty() || rawPath.equals("/"))
        && uri.getPort() != 0 && uri.getPort() <= 65535;
    if (!ok) {
      throw ValueReader.invalid(s, TARGET_EXPECTED);
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return URI.create(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
  }
}
