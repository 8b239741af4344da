package dev.portico.runtime;

import dev.portico.admin.AdminServer;
import dev.portico.cluster.RedisClient;
import dev.portico.config.ClusterConfig;
import dev.portico.config.ConfigError;
import dev.portico.config.ConfigException;
import dev.portico.config.ConfigLoader;
import dev.portico.config.ConfigOverlay;
import dev.portico.config.GatewayConfig;
import dev.portico.config.ListenConfig;
import dev.portico.observe.AccessLog;
import dev.portico.observe.trace.Tracing;
import dev.portico.observe.GatewayMetrics;
import dev.portico.ratelimit.RateLimiters;
import dev.portico.ratelimit.RedisRateLimiter;
import dev.portico.security.RevocationList;
import dev.portico.security.jwt.JwtIssuers;
import dev.portico.security.revocation.InMemoryRevocationList;
import dev.portico.security.revocation.RedisRevocationList;
import dev.portico.server.CertificateReloader;
import dev.portico.server.GatewayVerticle;
import dev.portico.server.TlsListenerOptions;
import dev.portico.upstream.Upstream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the current {@link Snapshot}, the listeners (one per event loop), the admin
 * server and the config watcher. Reloads compile off the event loops and swap one reference; a
 * config that fails to load or compile never replaces the running one.
 */
public final class Gateway {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final Path configFile;
  private final GatewayMetrics metrics;
  private final AccessLog accessLog;
  /** OpenTelemetry tracing, or {@code null} when the config has no {@code tracing} section. */
  private final Tracing tracing;
  private final SnapshotCompiler compiler;
  /** Revoked tokens: in memory, or mirrored from Redis when {@code cluster.redis} is configured. */
  private final RevocationList revocations;
  /** The shared Redis, or {@code null} without {@code cluster.redis}. */
  private final RedisClient redis;
  /** Token verifiers, kept across reloads so an unchanged issuer keeps its JWKS and cache. */
  private final JwtIssuers jwtIssuers;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean reloading = new AtomicBoolean();
  private final List<GatewayVerticle> listeners = new CopyOnWriteArrayList<>();
  private final int eventLoops;
  /** Shared by the active health checks of all upstreams; its connections are not kept alive. */
  private final HttpClient healthCheckClient;
  /** Runs config loads one at a time, file-watch reloads and admin changes alike, off the event loops. */
  private final WorkerExecutor configExecutor;
  /** The admin API's bearer token: configured, or generated at start. */
  private final String adminToken;
  /** Where admin changes are kept ({@link ConfigOverlay}), or {@code null} without a config file. */
  private final Path stateFile;
  private AdminServer admin;
  private ConfigWatcher watcher;
  private CertificateReloader certificateReloader;

  private Gateway(Vertx vertx, Path configFile, GatewayConfig config, GatewayMetrics metrics, AccessLog accessLog,
      Tracing tracing, int eventLoops) {
    this.vertx = vertx;
    this.configFile = configFile;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.tracing = tracing;
    // Neither waits for Redis: the gateway starts and serves on local state while it is away.
    ClusterConfig cluster = config.cluster();
    InMemoryRevocationList local = new InMemoryRevocationList(Clock.systemUTC(), cluster.maxTokenLifetime());
    this.redis = cluster.redis() == null ? null : RedisClient.start(vertx, cluster.redis());
    this.revocations = redis == null ? local : RedisRevocationList.start(vertx, redis, local, Clock.systemUTC());
    RateLimiters rateLimiters = new RateLimiters(config.rateLimits(),
        redis == null ? null : new RedisRateLimiter(redis, cluster.redis().keyPrefix() + "rl:",
            config.rateLimits().timeout().toMillis()),
        metrics.rateLimitStats());
    this.jwtIssuers = JwtIssuers.create(vertx);
    jwtIssuers.onRefresh(metrics::jwksRefresh);
    metrics.upstreams(() -> current.get() == null ? java.util.List.of() : current.get().upstreams().values());
    this.compiler = new SnapshotCompiler(metrics, revocations, rateLimiters, jwtIssuers,
        SnapshotCompiler::apiKeyAuthenticator);
    this.eventLoops = eventLoops;
    this.healthCheckClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(64));
    this.configExecutor = vertx.createSharedWorkerExecutor("portico-config", 1);
    this.adminToken = config.admin().token() != null ? config.admin().token() : AdminTokens.generate();
    this.stateFile = stateFile(configFile, config);
  }

  /** {@code admin.stateFile} (relative to the config file's folder), or {@code <config file>.admin.yaml}. */
  static Path stateFile(Path configFile, GatewayConfig config) {
    if (configFile == null) {
      return null;
    }
    Path dir = configFile.toAbsolutePath().getParent();
    String configured = config.admin().stateFile();
    return configured != null ? dir.resolve(configured) : dir.resolve(configFile.getFileName() + ".admin.yaml");
  }

  /**
   * Loads the file, starts listeners and the admin server, and begins watching the file.
   *
   * @throws ConfigException when the file is invalid: nothing is started
   */
  public static Gateway start(Path configFile) throws ConfigException, IOException {
    GatewayConfig config = ConfigLoader.load(configFile);
    // The state file's place is in the file's admin section, which admin changes never touch.
    ConfigOverlay overlay = ConfigOverlay.read(stateFile(configFile, config));
    return start(configFile, overlay.isEmpty() ? config : ConfigLoader.load(configFile, overlay));
  }

  public static Gateway start(Path configFile, GatewayConfig config) throws ConfigException, IOException {
    int loops = config.eventLoops() > 0 ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops))
        .build();
    if (vertx.isNativeTransportEnabled()) {
      log.info("Using the native epoll transport with {} event loop(s)", loops);
    } else {
      log.warn("Native transport unavailable ({}); using NIO", String.valueOf(vertx.unavailableNativeTransportCause()));
    }
    GatewayMetrics metrics = new GatewayMetrics();
    AccessLog accessLog = config.accessLog().enabled() ? AccessLog.open(config.accessLog()) : null;
    Tracing tracing = config.tracing() == null ? null : Tracing.start(config.tracing());
    Gateway gateway = new Gateway(vertx, configFile, config, metrics, accessLog, tracing, loops);
    try {
      gateway.current.set(gateway.compiler.compile(config, null, 1));
      metrics.configVersion(1);
      gateway.startHealthChecks(gateway.current.get());
      gateway.jwtIssuers.activate(config.auth().jwt());
      gateway.startServers(config).toCompletionStage().toCompletableFuture().get();
    } catch (ConfigException e) {
      gateway.closeQuietly();
      throw e;
    } catch (Exception e) {
      gateway.closeQuietly();
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      throw new IOException("Could not start: " + cause.getMessage(), cause);
    }
    gateway.ready.set(true);
    if (config.admin().token() == null) {
      // Secure by default: the admin API is never open, and the operator learns the token exactly once.
      log.warn("admin.token is not set: generated admin token {} (valid until restart)", gateway.adminToken);
    }
    if (configFile != null) {
      gateway.watcher = ConfigWatcher.start(vertx, configFile, gateway::reload);
    }
    log.info("Portico listening on {}:{}{} (admin on {}:{}), {} route(s)", config.listen().host(),
        gateway.port(), config.listen().tls() != null ? " with TLS" : "", config.admin().host(), gateway.adminPort(),
        config.routes().size());
    return gateway;
  }

  private Future<Void> startServers(GatewayConfig config) throws IOException {
    ListenConfig listen = config.listen();
    // Certificate files are read here, on the starting thread, never on an event loop.
    TlsListenerOptions tls = listen.tls() == null ? null : TlsListenerOptions.load(listen);
    DeploymentOptions options = new DeploymentOptions().setInstances(eventLoops);
    Future<String> listening = vertx.deployVerticle(() -> {
      GatewayVerticle verticle = new GatewayVerticle(listen, tls, current::get, metrics, accessLog, tracing, eventLoops);
      listeners.add(verticle);
      return verticle;
    }, options);
    return listening
        .onSuccess(id -> {
          if (tls != null) {
            certificateReloader = CertificateReloader.start(vertx, tls, metrics, ssl -> Future.join(
                listeners.stream().map(l -> l.updateTls(ssl)).toList()));
          }
        })
        .compose(id -> AdminServer.start(vertx, config.admin(), this))
        .onSuccess(a -> admin = a)
        .mapEmpty();
  }

  /**
   * Reads, validates and compiles the file, then swaps it in. Runs the heavy work on a worker
   * thread so a 10,000-route config never stalls an event loop.
   */
  public Future<ReloadResult> reload() {
    if (!reloading.compareAndSet(false, true)) {
      return Future.succeededFuture(ReloadResult.busy());
    }
    return configExecutor.executeBlocking(() -> {
      Snapshot previous = current.get();
      try {
        GatewayConfig config = ConfigLoader.load(configFile, overlay());
        if (sameSettings(config, previous.config())) {
          metrics.configReload("unchanged");
          return ReloadResult.unchanged(previous.version());
        }
        return ReloadResult.applied(swapIn(config, previous).version());
      } catch (ConfigException e) {
        metrics.configReload(false);
        log.error("Config {} rejected; still serving v{}:\n{}", configFile, previous.version(), e.getMessage());
        return ReloadResult.rejected(e.errors().stream().map(Object::toString).toList());
      }
    }, false).eventually(() -> {
      reloading.set(false);
      return Future.succeededFuture();
    });
  }

  /** Compiles {@code config} and swaps it in; on a worker, one at a time. */
  private Snapshot swapIn(GatewayConfig config, Snapshot previous) throws ConfigException {
    return swapCompiled(compiler.compile(config, previous, previous.version() + 1), previous, "");
  }

  /** The admin changes in effect: read from the state file at every load, so edits to it count too. */
  private ConfigOverlay overlay() throws ConfigException {
    return stateFile == null ? ConfigOverlay.empty() : ConfigOverlay.read(stateFile);
  }

  /**
   * One admin change to the overlay, given the config running when it is applied (after every earlier change).
   * Throws {@link ConfigException} for a body that cannot be an entry; any other exception fails the change's
   * future with it, for preconditions such as "the id already exists".
   */
  @FunctionalInterface
  public interface OverlayEdit {
    ConfigOverlay apply(ConfigOverlay current, GatewayConfig running) throws ConfigException;
  }

  /**
   * Applies an admin change: the edited overlay is merged over the config file and validated and compiled exactly
   * like the file; only if that succeeds is the overlay written to the state file (atomically) and the new snapshot
   * swapped in. Serialised with file reloads on one worker, so neither can lose the other's change.
   */
  public Future<ConfigChange> change(OverlayEdit edit) {
    return configExecutor.executeBlocking(() -> {
      Snapshot previous = current.get();
      try {
        if (configFile == null) {
          throw new ConfigException(new ConfigError("<none>", 0, 0, "",
              "this gateway runs without a config file (expected: one to merge runtime changes over)"));
        }
        ConfigOverlay next = edit.apply(overlay(), previous.config());
        GatewayConfig config = ConfigLoader.load(configFile, next);
        if (sameSettings(config, previous.config())) {
          persist(next);
          return ConfigChange.applied(previous.version());
        }
        Snapshot compiled = compiler.compile(config, previous, previous.version() + 1);
        persist(next); // before the swap: a change that cannot be kept is not made
        return ConfigChange.applied(swapCompiled(compiled, previous, " by the admin API").version());
      } catch (ConfigException e) {
        log.warn("Admin change refused; still serving v{}:\n{}", previous.version(), e.getMessage());
        return ConfigChange.rejected(e.errors());
      }
    }, false);
  }

  private Snapshot swapCompiled(Snapshot next, Snapshot previous, String by) {
    GatewayConfig config = next.config();
    warnAboutListenerChanges(previous.config(), config);
    current.set(next);
    startHealthChecks(next);
    retireUnusedUpstreams(previous, next);
    jwtIssuers.activate(config.auth().jwt());
    metrics.retainRoutes(config.routes().stream().map(r -> r.id()).collect(java.util.stream.Collectors.toSet()));
    metrics.configReload(true);
    metrics.configVersion(next.version());
    log.info("Config v{} applied{}: {} route(s), {} upstream(s)", next.version(), by,
        config.routes().size(), config.upstreams().size());
    return next;
  }

  private void persist(ConfigOverlay overlay) throws ConfigException {
    try {
      overlay.write(stateFile);
    } catch (IOException e) {
      throw new ConfigException(new ConfigError(stateFile.toString(), 0, 0, "",
          "cannot write: " + e + " (expected: a writable admin.stateFile)"));
    }
  }

  /**
   * Checks a whole config document (YAML or JSON) as a reload would, without applying it: binding, references and
   * compilation. Returns every error; empty when valid.
   */
  public Future<List<ConfigError>> validate(String document, String sourceName) {
    return configExecutor.executeBlocking(() -> {
      try (GatewayMetrics checking = new GatewayMetrics()) {
        GatewayConfig config = ConfigLoader.parse(document, sourceName, System::getenv);
        SnapshotCompiler.forChecking(checking, config).compile(config, null, 1);
        return List.<ConfigError>of();
      } catch (ConfigException e) {
        return e.errors();
      }
    }, false);
  }

  /** The config file as written, merged with the admin changes ({@code ${ENV}} unresolved); blocks on a worker. */
  public Future<Object> effectiveDocument() {
    return configExecutor.executeBlocking(() -> configFile == null
        ? ConfigOverlay.empty().mergedDocument("{}", "<none>")
        : overlay().mergedDocument(ConfigLoader.read(configFile), configFile.toString()), false);
  }

  /**
   * Whether two configs say the same thing. Their source maps are never equal (they compare by
   * identity and record where keys were written), so the comparison borrows {@code b}'s; a new
   * component of {@link GatewayConfig} breaks this constructor call rather than being ignored.
   */
  static boolean sameSettings(GatewayConfig a, GatewayConfig b) {
    return b.equals(new GatewayConfig(a.listen(), a.admin(), a.accessLog(), a.shutdown(), a.eventLoops(),
        a.upstreams(), a.routes(), a.rateLimits(), a.cluster(), a.auth(), a.consumers(), a.plans(),
        a.identityHeaders(), a.cors(), a.tracing(), b.source()));
  }

  private void startHealthChecks(Snapshot snapshot) {
    snapshot.upstreams().values().forEach(u -> u.startHealthChecks(vertx, healthCheckClient));
  }

  private void retireUnusedUpstreams(Snapshot previous, Snapshot next) {
    var live = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Upstream, Boolean>());
    live.addAll(next.upstreams().values());
    previous.upstreams().values().stream().filter(u -> !live.contains(u)).forEach(Upstream::stopHealthChecks);
    long drain = next.config().shutdown().drainTimeout().toMillis();
    for (GatewayVerticle listener : listeners) {
      listener.retainUpstreams(live, drain);
    }
  }

  private static void warnAboutListenerChanges(GatewayConfig before, GatewayConfig after) {
    ListenConfig a = before.listen();
    ListenConfig b = after.listen();
    boolean socketChanged = !Objects.equals(a.host(), b.host()) || a.port() != b.port() || a.http2() != b.http2()
        || !a.idleTimeout().equals(b.idleTimeout()) || a.limits().maxHeaderSize() != b.limits().maxHeaderSize()
        || !before.admin().equals(after.admin()) || before.eventLoops() != after.eventLoops()
        || !before.accessLog().equals(after.accessLog()) || !before.cluster().equals(after.cluster())
        || !Objects.equals(a.tls(), b.tls()) || !Objects.equals(before.tracing(), after.tracing());
    if (socketChanged) {
      log.warn("listen, admin, eventLoops, accessLog, tracing and cluster changes take effect on restart; routes and upstreams"
          + " are live (changed certificate files are picked up by themselves)");
    }
  }

  /**
   * Graceful stop: report not-ready, stop accepting, let in-flight requests finish up to the
   * drain deadline, then close everything.
   */
  public Future<Void> shutdown() {
    ready.set(false);
    if (watcher != null) {
      watcher.stop();
    }
    current.get().upstreams().values().forEach(Upstream::stopHealthChecks);
    if (certificateReloader != null) {
      certificateReloader.stop();
    }
    long drain = current.get().config().shutdown().drainTimeout().toMillis();
    log.info("Shutting down: draining in-flight requests for up to {} ms", drain);
    List<Future<Void>> drains = listeners.stream().map(l -> l.drain(drain)).toList();
    return Future.join(drains)
        .eventually(() -> admin == null ? Future.succeededFuture() : admin.close())
        .eventually(() -> {
          jwtIssuers.close();
          return Future.succeededFuture();
        })
        .eventually(this::closeRedis)
        .eventually(() -> configExecutor.close())
        .eventually(vertx::close)
        .eventually(() -> {
          if (accessLog != null) {
            accessLog.close();
          }
          if (tracing != null) {
            tracing.close(); // after the drain and vertx.close(): every request's span has ended
          }
          metrics.close();
          log.info("Stopped");
          return Future.succeededFuture();
        })
        .mapEmpty();
  }

  private Future<Void> closeRedis() {
    if (revocations instanceof RedisRevocationList list) {
      list.close();
    }
    return redis == null ? Future.succeededFuture() : redis.close();
  }

  private void closeQuietly() {
    jwtIssuers.close();
    closeRedis();
    vertx.close();
    if (accessLog != null) {
      accessLog.close();
    }
    if (tracing != null) {
      tracing.close();
    }
  }

  public boolean isReady() {
    return ready.get();
  }

  public Snapshot snapshot() {
    return current.get();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Revoked tokens, checked by every route that authenticates with JWT. */
  public int port() {
    return listeners.isEmpty() ? -1 : listeners.get(0).actualPort();
  }

  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  public RevocationList revocations() {
    return revocations;
  }

  /** The admin API's bearer token (configured, or generated at start). */
  public String adminToken() {
    return adminToken;
  }

  /** Where admin changes are kept, or {@code null} when the gateway runs without a config file. */
  public Path stateFile() {
    return stateFile;
  }

  /** The admin changes in effect, as stored. Blocks (reads the state file): call from a worker. */
  public Future<ConfigOverlay> currentOverlay() {
    return configExecutor.executeBlocking(this::overlay, false);
  }

  public Vertx vertx() {
    return vertx;
  }
}
