package dev.portico.runtime;

import dev.portico.admin.AdminServer;
import dev.portico.cluster.RedisClient;
import dev.portico.config.ClusterConfig;
import dev.portico.config.ConfigException;
import dev.portico.config.ConfigLoader;
import dev.portico.config.GatewayConfig;
import dev.portico.config.ListenConfig;
import dev.portico.observe.AccessLog;
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
  private AdminServer admin;
  private ConfigWatcher watcher;
  private CertificateReloader certificateReloader;

  private Gateway(Vertx vertx, Path configFile, GatewayConfig config, GatewayMetrics metrics, AccessLog accessLog,
      int eventLoops) {
    this.vertx = vertx;
    this.configFile = configFile;
    this.metrics = metrics;
    this.accessLog = accessLog;
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
  }

  /**
   * Loads the file, starts listeners and the admin server, and begins watching the file.
   *
   * @throws ConfigException when the file is invalid: nothing is started
   */
  public static Gateway start(Path configFile) throws ConfigException, IOException {
    return start(configFile, ConfigLoader.load(configFile));
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
    AccessLog accessLog = config.accessLog().enabled() ? AccessLog.open(config.accessLog().path()) : null;
    Gateway gateway = new Gateway(vertx, configFile, config, metrics, accessLog, loops);
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
      GatewayVerticle verticle = new GatewayVerticle(listen, tls, current::get, metrics, accessLog, eventLoops);
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
    return vertx.executeBlocking(() -> {
      Snapshot previous = current.get();
      try {
        GatewayConfig config = ConfigLoader.load(configFile);
        if (sameSettings(config, previous.config())) {
          metrics.configReload("unchanged");
          return ReloadResult.unchanged(previous.version());
        }
        Snapshot next = compiler.compile(config, previous, previous.version() + 1);
        warnAboutListenerChanges(previous.config(), config);
        current.set(next);
        startHealthChecks(next);
        retireUnusedUpstreams(previous, next);
        jwtIssuers.activate(config.auth().jwt());
        
        metrics.retainRoutes(config.routes().stream().map(r -> r.id()).collect(java.util.stream.Collectors.toSet()));
        metrics.configReload(true);
        metrics.configVersion(next.version());
        log.info("Config v{} applied: {} route(s), {} upstream(s)", next.version(),
            config.routes().size(), config.upstreams().size());
        return ReloadResult.applied(next.version());
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

  /**
   * Whether two configs say the same thing. Their source maps are never equal (they compare by
   * identity and record where keys were written), so the comparison borrows {@code b}'s; a new
   * component of {@link GatewayConfig} breaks this constructor call rather than being ignored.
   */
  static boolean sameSettings(GatewayConfig a, GatewayConfig b) {
    return b.equals(new GatewayConfig(a.listen(), a.admin(), a.accessLog(), a.shutdown(), a.eventLoops(),
        a.upstreams(), a.routes(), a.rateLimits(), a.cluster(), a.auth(), a.consumers(), a.plans(),
        a.identityHeaders(), a.cors(), b.source()));
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
        || !Objects.equals(a.tls(), b.tls());
    if (socketChanged) {
      log.warn("listen, admin, eventLoops, accessLog and cluster changes take effect on restart; routes and upstreams"
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
        .eventually(vertx::close)
        .eventually(() -> {
          if (accessLog != null) {
            accessLog.close();
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

  public Vertx vertx() {
    return vertx;
  }
}
