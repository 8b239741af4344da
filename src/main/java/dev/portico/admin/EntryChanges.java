package dev.portico.admin;

import dev.portico.config.ConfigException;
import dev.portico.config.ConfigOverlay;
import dev.portico.config.ConfigOverlay.Kind;
import dev.portico.config.GatewayConfig;
import dev.portico.runtime.ConfigChange;
import dev.portico.runtime.Gateway;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Creating, replacing and deleting routes, upstreams and consumers at run time. The body is one entry in the shape
 * the config file uses (YAML or JSON); it goes into the {@link ConfigOverlay}, which the gateway merges over the
 * file and validates as a whole, so a change is accepted exactly when the same entry in the file would be.
 */
final class EntryChanges {
  private static final int MAX_ENTRY_BYTES = 1024 * 1024;

  private final Gateway gateway;

  EntryChanges(Gateway gateway) {
    this.gateway = gateway;
  }

  /** {@code POST /routes}, {@code POST /consumers}: the id comes from the body; an existing id is a 409. */
  void create(HttpServerRequest request, Kind kind) {
    AdminHttp.readBody(request, MAX_ENTRY_BYTES, body -> {
      String source = source(request);
      String id;
      try {
        id = ConfigOverlay.entryId(body.toString(), source);
      } catch (ConfigException e) {
        AdminHttp.invalidConfig(request, "the " + singular(kind) + " is not valid; nothing was changed", e.errors());
        return;
      }
      if (exists(gateway.snapshot().config(), kind, id)) {
        AdminHttp.problem(request, 409, "conflict", "Conflict", singular(kind) + " " + quote(id)
            + " already exists (expected: a new id, or PUT /" + kind.key() + "/" + id + " to replace it)");
        return;
      }
      apply(request, kind, id, overlay -> overlay.put(kind, id, body.toString(), source), 201);
    });
  }

  /** {@code PUT /<kind>/{id}}: creates or replaces. */
  void put(HttpServerRequest request, Kind kind, String id) {
    AdminHttp.readBody(request, MAX_ENTRY_BYTES, body -> {
      int status = exists(gateway.snapshot().config(), kind, id) ? 200 : 201;
      apply(request, kind, id, overlay -> overlay.put(kind, id, body.toString(), source(request)), status);
    });
  }

  /** {@code DELETE /<kind>/{id}}: refused (422) while something still refers to it, e.g. a route to an upstream. */
  void delete(HttpServerRequest request, Kind kind, String id) {
    if (!exists(gateway.snapshot().config(), kind, id)) {
      AdminHttp.notFound(request, "no " + singular(kind) + " " + quote(id));
      return;
    }
    apply(request, kind, id, overlay -> overlay.remove(kind, id), 200);
  }

  private void apply(HttpServerRequest request, Kind kind, String id, Gateway.OverlayEdit edit, int status) {
    gateway.change(edit).onComplete(ar -> {
      if (ar.failed()) {
        AdminHttp.problem(request, 500, "internal", "Internal Server Error", "the change could not be applied");
        return;
      }
      ConfigChange change = ar.result();
      if (!change.applied()) {
        AdminHttp.invalidConfig(request, "the " + singular(kind) + " " + quote(id)
            + " is not valid; the running config is unchanged", change.errors());
        return;
      }
      AdminHttp.json(request, status, new JsonObject().put("applied", true).put("version", change.version())
          .put("kind", singular(kind)).put("id", id)
          .put("deleted", request.method().name().equals("DELETE")));
    });
  }

  static boolean exists(GatewayConfig config, Kind kind, String id) {
    return switch (kind) {
      case ROUTES -> config.routes().stream().anyMatch(r -> r.id().equals(id));
      case UPSTREAMS -> config.upstreams().containsKey(id);
      case CONSUMERS -> config.consumers().stream().anyMatch(c -> c.id().equals(id));
    };
  }

  /** Names the body in error messages: {@code PUT /routes/orders}. */
  private static String source(HttpServerRequest request) {
    return request.method().name() + " " + request.path();
  }

  static String singular(Kind kind) {
    return switch (kind) {
      case ROUTES -> "route";
      case UPSTREAMS -> "upstream";
      case CONSUMERS -> "consumer";
    };
  }

  private static String quote(String id) {
    return "\"" + id + "\"";
  }
}
