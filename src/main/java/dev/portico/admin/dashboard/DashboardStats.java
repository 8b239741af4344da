package dev.portico.admin.dashboard;

import dev.portico.observe.GatewayMetrics;
import dev.portico.observe.RouteMeters;
import dev.portico.runtime.Snapshot;
import dev.portico.upstream.Target;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's live numbers, read from the meters the gateway already keeps: cumulative request
 * counts and latency-bucket counts per route. The page turns the difference between two polls into
 * requests per second, error rate and p50/p99, so nothing is added to the request path and the
 * server keeps no state per viewer.
 */
final class DashboardStats {
  private DashboardStats() {}

  static JsonObject of(GatewayMetrics metrics, Snapshot snapshot) {
    JsonObject out = new JsonObject()
        .put("timeMillis", System.currentTimeMillis())
        .put("configVersion", snapshot == null ? null : snapshot.version())
        .put("openConnections", metrics.openConnections())
        .put("inFlight", metrics.requestsInFlight())
        .put("bucketsSeconds", new JsonArray(toList(RouteMeters.bucketSeconds())));
    out.put("routes", routes(metrics));
    out.put("upstreams", snapshot == null ? new JsonArray() : upstreams(snapshot));
    JsonObject rateLimit = new JsonObject();
    metrics.rateLimitDecisions().forEach(rateLimit::put);
    out.put("rateLimit", rateLimit.put("shed", metrics.shedRequests()));
    return out;
  }

  /** Routes that have served something (idle routes have no meters), sorted by id. */
  private static JsonArray routes(GatewayMetrics metrics) {
    Map<String, RouteMeters> sorted = new TreeMap<>(metrics.routes());
    JsonArray routes = new JsonArray();
    sorted.forEach((id, meters) -> {
      RouteMeters.Totals totals = meters.totals();
      if (totals.count() == 0) {
        return;
      }
      JsonArray buckets = new JsonArray();
      for (long b : totals.buckets()) {
        buckets.add(b);
      }
      routes.add(new JsonObject().put("id", id).put("count", totals.count()).put("errors", totals.errors())
          .put("buckets", buckets));
    });
    return routes;
  }

  private static JsonArray upstreams(Snapshot snapshot) {
    JsonArray upstreams = new JsonArray();
    long now = System.nanoTime();
    new TreeMap<>(snapshot.upstreams()).forEach((name, upstream) -> {
      JsonArray targets = new JsonArray();
      for (Target t : upstream.targets()) {
        targets.add(new JsonObject().put("target", t.toString()).put("healthy", t.healthy())
            .put("available", t.isAvailable(now))
            .put("circuit", t.breaker() == null ? "none" : t.breaker().state().name().toLowerCase(Locale.ROOT))
            .put("inFlight", t.inFlight()));
      }
      upstreams.add(new JsonObject().put("name", name).put("targets", targets));
    });
    return upstreams;
  }

  private static java.util.List<Double> toList(double[] values) {
    java.util.List<Double> out = new java.util.ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
  }
}
