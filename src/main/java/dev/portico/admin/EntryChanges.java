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
      apply(request, kind, id, (overlay, running) -> {
        if (exists(running, kind, id)) {
          throw new Refused(409, "conflict", "Conflict", singular(kind) + " " + quote(id)
              + " already exists (expected: a new id, or PUT /" + kind.key() + "/" + id + " to replace it)");
        }
        return overlay.put(kind, id, body.toString(), source);
      }, 201);
    });
  }

  /** {@code PUT /<kind>/{id}}: creates (201) or replaces (200). */
  void put(HttpServerRequest request, Kind kind, String id) {
    AdminHttp.readBody(request, MAX_ENTRY_BYTES, body -> {
      boolean[] existed = new boolean[1];
      apply(request, kind, id, (overlay, running) -> {
        existed[0] = exists(running, kind, id);
        return overlay.put(kind, id, body.toString(), source(request));
      }, existed);
    });
  }

  /** {@code DELETE /<kind>/{id}}: refused (422) while something still refers to it, e.g. a route to an upstream. */
  void delete(HttpServerRequest request, Kind kind, String id) {
    apply(request, kind, id, (overlay, running) -> {
      if (!exists(running, kind, id)) {
        throw new Refused(404, "not_found", "Not Found", "no " + singular(kind) + " " + quote(id));
      }
      return overlay.remove(kind, id);
    }, 200);
  }

  private void apply(HttpServerRequest request, Kind kind, String id, Gateway.OverlayEdit edit, int status) {
    apply(request, kind, id, edit, new boolean[] {status == 200});
  }

  /** Answers 200 if {@code existed[0]} once the change is applied (set by the edit, on the config worker), else 201. */
  private void apply(HttpServerRequest request, Kind kind, String id, Gateway.OverlayEdit edit, boolean[] existed) {
    gateway.change(edit).onComplete(ar -> {
      if (ar.failed() && ar.cause() instanceof Refused r) {
        AdminHttp.problem(request, r.status, r.code, r.title, r.getMessage());
        return;
      }
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
      AdminHttp.json(request, existed[0] ? 200 : 201, new JsonObject().put("applied", true).put("version", change.version())
          .put("kind", singular(kind)).put("id", id)
          .put("deleted", request.method().name().equals("DELETE")));
    });
  }

  /** A precondition that failed on the config worker: answered with its own status, not as an invalid config. */
  private static final class Refused extends RuntimeException {
    final int status;
    final String code;
    final String title;

    Refused(int status, String code, String title, String detail) {
      super(detail, null, false, false);
      this.status = status;
      this.code = code;
      this.title = title;
    }
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
