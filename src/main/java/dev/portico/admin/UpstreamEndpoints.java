package dev.portico.admin;

import dev.portico.config.ConfigOverlay.Kind;
import dev.portico.runtime.Gateway;
import dev.portico.upstream.Target;
import dev.portico.upstream.Upstream;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/** Upstreams: their targets' health, circuit state and in-flight calls; runtime changes; circuit resets. */
final class UpstreamEndpoints {
  private final Gateway gateway;

  private UpstreamEndpoints(Gateway gateway) {
    this.gateway = gateway;
  }

  static void register(AdminRouter router, Gateway gateway, EntryChanges changes) {
    UpstreamEndpoints u = new UpstreamEndpoints(gateway);
    router.on(HttpMethod.GET, "/upstreams", (r, p) -> AdminHttp.json(r, 200, u.all()))
        .on(HttpMethod.GET, "/upstreams/{name}", u::one)
        .on(HttpMethod.PUT, "/upstreams/{name}", (r, p) -> changes.put(r, Kind.UPSTREAMS, p.get("name")))
        .on(HttpMethod.DELETE, "/upstreams/{name}", (r, p) -> changes.delete(r, Kind.UPSTREAMS, p.get("name")))
        .on(HttpMethod.POST, "/upstreams/{name}/reset", u::resetAll)
        .on(HttpMethod.POST, "/upstreams/{name}/targets/{target}/reset", u::resetOne);
  }

  private JsonObject all() {
    JsonObject out = new JsonObject();
    for (Upstream upstream : gateway.snapshot().upstreams().values()) {
      out.put(upstream.name(), describe(upstream));
    }
    return out;
  }

  private void one(HttpServerRequest request, Map<String, String> params) {
    Upstream upstream = gateway.snapshot().upstreams().get(params.get("name"));
    if (upstream == null) {
      AdminHttp.notFound(request, "no upstream \"" + params.get("name") + "\"");
    } else {
      AdminHttp.json(request, 200, describe(upstream).put("name", upstream.name()));
    }
  }

  /** Closes the breaker of every target of the upstream and clears their ejections. */
  private void resetAll(HttpServerRequest request, Map<String, String> params) {
    Upstream upstream = gateway.snapshot().upstreams().get(params.get("name"));
    if (upstream == null) {
      AdminHttp.notFound(request, "no upstream \"" + params.get("name") + "\"");
      return;
    }
    upstream.targets().forEach(Target::resetCircuit);
    AdminHttp.json(request, 200, describe(upstream).put("name", upstream.name()).put("reset", true));
  }

  private void resetOne(HttpServerRequest request, Map<String, String> params) {
    Upstream upstream = gateway.snapshot().upstreams().get(params.get("name"));
    if (upstream == null) {
      AdminHttp.notFound(request, "no upstream \"" + params.get("name") + "\"");
      return;
    }
    String wanted = params.get("target");
    Target target = upstream.targets().stream().filter(t -> t.toString().equals(wanted)).findFirst().orElse(null);
    if (target == null) {
      AdminHttp.notFound(request, "upstream \"" + upstream.name() + "\" has no target \"" + wanted
          + "\" (expected: host:port as listed by GET /upstreams/" + upstream.name() + ")");
      return;
    }
    target.resetCircuit();
    AdminHttp.json(request, 200, target(target, System.nanoTime()).put("reset", true));
  }

  static JsonObject describe(Upstream upstream) {
    JsonArray targets = new JsonArray();
    long now = System.nanoTime();
    for (Target t : upstream.targets()) {
      targets.add(target(t, now));
    }
    return new JsonObject().put("balance", upstream.config().balance().name()).put("targets", targets);
  }

  private static JsonObject target(Target t, long now) {
    return new JsonObject().put("target", t.toString()).put("available", t.isAvailable(now))
        .put("healthy", t.healthy())
        .put("circuit", t.breaker() == null ? "none" : t.breaker().state().name().toLowerCase(Locale.ROOT))
        .put("inFlight", t.inFlight());
  }
}
