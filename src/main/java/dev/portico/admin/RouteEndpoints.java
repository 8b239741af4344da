package dev.portico.admin;

import dev.portico.config.ConfigOverlay.Kind;
import dev.portico.config.RouteConfig;
import dev.portico.runtime.Gateway;
import io.vertx.core.http.HttpMethod;

/** The compiled route table, and routes created, replaced and deleted at run time. */
final class RouteEndpoints {
  private RouteEndpoints() {}

  static void register(AdminRouter router, Gateway gateway, EntryChanges changes) {
    router.on(HttpMethod.GET, "/routes", (r, p) -> AdminHttp.json(r, 200, RouteTableView.of(gateway.snapshot())))
        .on(HttpMethod.POST, "/routes", (r, p) -> changes.create(r, Kind.ROUTES))
        .on(HttpMethod.GET, "/routes/{id}", (r, p) -> {
          RouteConfig route = gateway.snapshot().config().routes().stream()
              .filter(rc -> rc.id().equals(p.get("id"))).findFirst().orElse(null);
          if (route == null) {
            AdminHttp.notFound(r, "no route \"" + p.get("id") + "\"");
          } else {
            AdminHttp.json(r, 200, RouteTableView.describe(route));
          }
        })
        .on(HttpMethod.PUT, "/routes/{id}", (r, p) -> changes.put(r, Kind.ROUTES, p.get("id")))
        .on(HttpMethod.DELETE, "/routes/{id}", (r, p) -> changes.delete(r, Kind.ROUTES, p.get("id")));
  }
}
