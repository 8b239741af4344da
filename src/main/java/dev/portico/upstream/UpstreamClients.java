package dev.portico.upstream;

import dev.portico.config.UpstreamConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The upstream connections of one event loop: for plain-HTTP upstreams an {@link Http1Pool} per
 * target, and a Vert.x HTTP client per upstream for what those pools do not carry (WebSocket
 * upgrades, other schemes). Keeping them per event loop keeps each request and its pooled upstream
 * connection on the same thread: no hand-off between loops. Only touched from its own event loop,
 * so it needs no locking.
 */
public final class UpstreamClients {
  private final Vertx vertx;
  private final int eventLoops;
  private final EventLoopTransport transport;
  private final Map<Upstream, HttpClient> clients = new IdentityHashMap<>();
  private final Map<Upstream, Map<Target, Http1Pool>> pools = new IdentityHashMap<>();

  /** Must be created on the event loop it serves (a verticle's start). */
  public UpstreamClients(Vertx vertx, int eventLoops) {
    this.vertx = vertx;
    this.eventLoops = Math.max(1, eventLoops);
    this.transport = new EventLoopTransport(vertx.getOrCreateContext());
  }

  public Vertx vertx() {
    return vertx;
  }

  public HttpClient clientFor(Upstream upstream) {
    HttpClient client = clients.get(upstream);
    if (client == null) {
      client = create(upstream);
      clients.put(upstream, client);
    }
    return client;
  }

  /**
   * This loop's pool of plain HTTP/1.1 connections to {@code target}, or null when the upstream is
   * not plain HTTP: its requests take the Vert.x client.
   */
  public Http1Pool http1Pool(Upstream upstream, Target target) {
    Map<Target, Http1Pool> byTarget = pools.get(upstream);
    if (byTarget == null) {
      if (!isPlainHttp(upstream.config())) {
        return null;
      }
      byTarget = new IdentityHashMap<>();
      pools.put(upstream, byTarget);
    }
    Http1Pool pool = byTarget.get(target);
    if (pool == null) {
      UpstreamConfig config = upstream.config();
      int perLoop = connectionsPerLoop(config);
      pool = new Http1Pool(transport, target.address(), perLoop, 4 * perLoop + 64,
          config.connectTimeout().toMillis(), config.idleTimeout().toMillis());
      byTarget.put(target, pool);
    }
    return pool;
  }

  private static boolean isPlainHttp(UpstreamConfig config) {
    for (var uri : config.targets()) {
      if (!"http".equalsIgnoreCase(uri.getScheme())) {
        return false;
      }
    }
    return true;
  }

  /** The configured maximum is per target for the whole process; each event loop gets its share. */
  private int connectionsPerLoop(UpstreamConfig config) {
    return Math.max(1, (config.maxConnectionsPerTarget() + eventLoops - 1) / eventLoops);
  }

  private HttpClient create(Upstream upstream) {
    UpstreamConfig config = upstream.config();
    HttpClientOptions options = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_1_1)
        .setKeepAlive(true)
        .setKeepAliveTimeout((int) Math.max(1, config.idleTimeout().toSeconds()))
        .setConnectTimeout((int) config.connectTimeout().toMillis())
        // Also bounds a response body that stalls mid-way: no per-request timer is needed for it.
        .setIdleTimeout((int) Math.max(1, config.idleTimeout().toSeconds()))
        .setDecompressionSupported(false)
        .setMaxHeaderSize(64 * 1024)
        .setMaxInitialLineLength(16 * 1024)
        .setTcpNoDelay(true);
    if (upstream.tls() != null) {
      // One client per upstream: its TLS settings are part of its identity, so pools never mix them.
      upstream.tls().applyTo(options);
    }
    int perLoop = connectionsPerLoop(config);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(perLoop).setMaxWaitQueueSize(4 * perLoop + 64);
    return vertx.createHttpClient(options, pool);
  }

  /** Gracefully closes the clients and pools of upstreams that the current config no longer uses. */
  public Future<Void> retainOnly(Set<Upstream> live, long drainMillis) {
    List<Future<Void>> closing = new ArrayList<>();
    clients.entrySet().removeIf(e -> {
      if (live.contains(e.getKey())) {
        return false;
      }
      closing.add(e.getValue().shutdown(drainMillis, TimeUnit.MILLISECONDS));
      return true;
    });
    pools.entrySet().removeIf(e -> {
      if (live.contains(e.getKey())) {
        return false;
      }
      e.getValue().values().forEach(pool -> closing.add(pool.shutdown(drainMillis)));
      return true;
    });
    return Future.join(closing).mapEmpty();
  }

  public Future<Void> closeAll(long drainMillis) {
    return retainOnly(Set.of(), drainMillis);
  }
}
