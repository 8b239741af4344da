package dev.portico.split;

import dev.portico.config.SplitConfig;
import dev.portico.flags.TenantFlags;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import dev.portico.security.Identity;
import dev.portico.transform.UpstreamEdits;
import dev.portico.upstream.Upstream;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends each request of a route to one of several upstreams in proportion to their weights (a canary, a
 * new version). The choice hashes the consumer (or subject, or else the client IP), so one client stays on
 * one side as long as the weights do not change, and moving weight only moves the clients in between.
 */
public final class WeightedSplit implements Filter {
  @Override
  public String name() {
    return "upstreams";
  }

  private final Upstream[] upstreams;
  /** Cumulative weights: request goes to the first upstream whose bound is above its bucket. */
  private final long[] bounds;
  private final long total;

  private WeightedSplit(Upstream[] upstreams, long[] bounds) {
    this.upstreams = upstreams;
    this.bounds = bounds;
    this.total = bounds[bounds.length - 1];
  }

  /** Null when the route has no split. */
  public static WeightedSplit of(SplitConfig config, Map<String, Upstream> byName) {
    if (config == null) {
      return null;
    }
    int n = config.upstreams().size();
    Upstream[] upstreams = new Upstream[n];
    long[] bounds = new long[n];
    long sum = 0;
    for (int i = 0; i < n; i++) {
      SplitConfig.Weighted w = config.upstreams().get(i);
      upstreams[i] = byName.get(w.upstream());
      sum += w.weight();
      bounds[i] = sum;
    }
    return new WeightedSplit(upstreams, bounds);
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    if (exchange.get(TenantFlags.FLAG) == null) { // a tenant's feature flag has chosen already
      UpstreamEdits.of(exchange).upstream(choose(stickyKey(exchange)));
    }
    return chain.next(exchange);
  }

  Upstream choose(String key) {
    return upstreams[indexFor(key)];
  }

  /** The position in the config's list of the upstream the key goes to. */
  int indexFor(String key) {
    long bucket = Long.remainderUnsigned(hash(key), total);
    for (int i = 0; i < bounds.length; i++) {
      if (bucket < bounds[i]) {
        return i;
      }
    }
    return bounds.length - 1;
  }

  private static String stickyKey(Exchange exchange) {
    Identity identity = exchange.get(Identity.KEY);
    if (identity != null) {
      if (identity.consumer() != null) {
        return "c:" + identity.consumer();
      }
      if (identity.subject() != null) {
        return "s:" + identity.subject();
      }
    }
    return "ip:" + exchange.clientIp();
  }

  /** FNV-1a over the UTF-8 bytes, then MurmurHash3's finalizer: stable across runs and nodes, well spread. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
