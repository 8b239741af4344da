package dev.portico.admin;

import dev.portico.config.RouteConfig;
import dev.portico.runtime.Snapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The resolved route table as JSON, shared by the admin API and {@code portico routes}. */
public final class RouteTableView {
  private RouteTableView() {}

  public static JsonObject of(Snapshot snapshot) {
    JsonArray routes = new JsonArray();
    for (RouteConfig rc : snapshot.config().routes()) {
      routes.add(describe(rc));
    }
    return new JsonObject().put("version", snapshot.version()).put("routes", routes);
  }

  static JsonObject describe(RouteConfig rc) {
    JsonObject match = new JsonObject()
        .put("hosts", new JsonArray(rc.match().hosts()))
        .put("path", rc.match().path())
        .put("methods", new JsonArray(rc.match().methods()))
        .put("headers", new JsonObject(new java.util.LinkedHashMap<>(rc.match().headers())))
        .put("query", new JsonObject(new java.util.LinkedHashMap<>(rc.match().query())));
    JsonObject out = new JsonObject().put("id", rc.id()).put("priority", rc.priority()).put("match", match)
        .put("upstream", rc.upstream());
    if (rc.aggregate() != null) {
      JsonObject calls = new JsonObject();
      rc.aggregate().calls().values().forEach(c -> calls.put(c.name(), new JsonObject().put("upstream", c.upstream())
          .put("method", c.method()).put("path", c.path()).put("required", c.required())));
      out.put("aggregate", calls);
    }
    if (rc.rewrite() != null) {
      out.put("rewrite", rc.rewrite().stripPrefix() != null
          ? new JsonObject().put("stripPrefix", rc.rewrite().stripPrefix())
          : new JsonObject().put("path", rc.rewrite().path()));
    }
    return out;
  }

}
