package dev.portico.admin;

import dev.portico.config.ConfigOverlay.Kind;
import dev.portico.config.ConsumerConfig;
import dev.portico.config.GatewayConfig;
import dev.portico.runtime.Gateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consumers and tenants. Reads show ids, tenant, plan, scopes and how many keys a consumer has; never a key or a
 * key's hash (a hash of a short key can be brute-forced offline).
 */
final class ConsumerEndpoints {
  private ConsumerEndpoints() {}

  static void register(AdminRouter router, Gateway gateway, EntryChanges changes) {
    router.on(HttpMethod.GET, "/consumers", (r, p) -> AdminHttp.json(r, 200, all(gateway.snapshot().config())))
        .on(HttpMethod.POST, "/consumers", (r, p) -> changes.create(r, Kind.CONSUMERS))
        .on(HttpMethod.GET, "/consumers/{id}", (r, p) -> {
          ConsumerConfig consumer = gateway.snapshot().config().consumers().stream()
              .filter(c -> c.id().equals(p.get("id"))).findFirst().orElse(null);
          if (consumer == null) {
            AdminHttp.notFound(r, "no consumer \"" + p.get("id") + "\"");
          } else {
            AdminHttp.json(r, 200, describe(consumer));
          }
        })
        .on(HttpMethod.PUT, "/consumers/{id}", (r, p) -> changes.put(r, Kind.CONSUMERS, p.get("id")))
        .on(HttpMethod.DELETE, "/consumers/{id}", (r, p) -> changes.delete(r, Kind.CONSUMERS, p.get("id")))
        .on(HttpMethod.GET, "/tenants", (r, p) -> AdminHttp.json(r, 200, tenants(gateway.snapshot().config())));
  }

  static JsonObject all(GatewayConfig config) {
    JsonArray consumers = new JsonArray();
    config.consumers().forEach(c -> consumers.add(describe(c)));
    return new JsonObject().put("consumers", consumers);
  }

  static JsonObject describe(ConsumerConfig c) {
    return new JsonObject().put("id", c.id()).put("tenant", c.tenant()).put("plan", c.plan())
        .put("keyCount", c.apiKeys().size()).put("scopes", new JsonArray(c.scopes()));
  }

  /** Tenants named by consumers, with their consumers; and where token tenants come from. */
  static JsonObject tenants(GatewayConfig config) {
    Map<String, JsonArray> byTenant = new TreeMap<>();
    for (ConsumerConfig c : config.consumers()) {
      if (c.tenant() != null) {
        byTenant.computeIfAbsent(c.tenant(), t -> new JsonArray()).add(c.id());
      }
    }
    JsonArray tenants = new JsonArray();
    byTenant.forEach((tenant, ids) -> tenants.add(new JsonObject().put("id", tenant).put("consumers", ids)
        .put("consumerCount", ids.size())));
    JsonObject out = new JsonObject().put("tenants", tenants);
    var source = config.auth().tenant();
    if (source != null) {
      out.put("tokenTenants", source.claim() != null ? new JsonObject().put("claim", source.claim())
          : new JsonObject().put("subdomainOf", source.subdomainOf()));
    }
    return out;
  }
}
