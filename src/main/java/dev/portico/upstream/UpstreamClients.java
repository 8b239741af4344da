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
 * The HTTP clients of one event loop, one per upstream. Keeping a client per event loop keeps each
 * request and its pooled upstream connection on the same thread: no hand-off between loops. Only
 * touched from its own event loop, so it needs no locking.
 */
public final class UpstreamClients {
  private final Vertx vertx;
  private final int eventLoops;
  private final Map<Upstream, HttpClient> clients = new IdentityHashMap<>();

  public UpstreamClients(Vertx vertx, int eventLoops) {
    this.vertx = vertx;
    this.eventLoops = Math.max(1, eventLoops);
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
    // The configured maximum is per target for the whole process; each event loop gets its share.
    int perLoop = Math.max(1, (config.maxConnectionsPerTarget() + eventLoops - 1) / eventLoops);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(perLoop).setMaxWaitQueueSize(4 * perLoop + 64);
    return vertx.createHttpClient(options, pool);
  }

  /** Gracefully closes the clients of upstreams that the current config no longer uses. */
  public Future<Void> retainOnly(Set<Upstream> live, long drainMillis) {
    List<Future<Void>> closing = new ArrayList<>();
    clients.entrySet().removeIf(e -> {
      if (live.contains(e.getKey())) {
        return false;
      }
      closing.add(e.getValue().shutdown(drainMillis, TimeUnit.MILLISECONDS));
      return true;
    });
    return Future.join(closing).mapEmpty();
  }

  public Future<Void> closeAll(long drainMillis) {
    return retainOnly(Set.of(), drainMillis);
  }
}
