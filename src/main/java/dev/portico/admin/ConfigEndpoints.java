package dev.portico.admin;

import dev.portico.config.ConfigError;
import dev.portico.runtime.Gateway;
import dev.portico.runtime.ReloadResult;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** The effective config (secrets hidden), the admin changes in effect, validation of a config, and reload. */
final class ConfigEndpoints {
  /** Names a validated document in its errors, where a file would be named. */
  static final String VALIDATED_SOURCE = "request body";

  private ConfigEndpoints() {}

  static void register(AdminRouter router, Gateway gateway) {
    router.on(HttpMethod.GET, "/config", (r, p) -> effective(r, gateway))
        .on(HttpMethod.GET, "/config/changes", (r, p) -> changes(r, gateway))
        .on(HttpMethod.POST, "/config/validate", (r, p) -> validate(r, gateway))
        .on(HttpMethod.POST, "/reload", (r, p) -> reload(r, gateway));
  }

  /** The config file as written merged with the admin changes: what the gateway runs, with secrets hidden. */
  private static void effective(HttpServerRequest request, Gateway gateway) {
    gateway.effectiveDocument().onComplete(ar -> {
      if (ar.failed()) {
        AdminHttp.problem(request, 500, "internal", "Internal Server Error", "the config cannot be read: "
            + ar.cause().getMessage().lines().findFirst().orElse(""));
        return;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> doc = (Map<String, Object>) Redactor.redact(ar.result());
      AdminHttp.json(request, 200, new JsonObject().put("version", gateway.snapshot().version())
          .put("stateFile", gateway.stateFile() == null ? null : gateway.stateFile().toString())
          .put("config", new JsonObject(doc)));
    });
  }

  /** Which entries the admin API has put or deleted, by kind and id (never their contents: they may hold keys). */
  private static void changes(HttpServerRequest request, Gateway gateway) {
    gateway.currentOverlay().onComplete(ar -> {
      if (ar.failed()) {
        AdminHttp.problem(request, 500, "internal", "Internal Server Error", "the state file cannot be read: "
            + ar.cause().getMessage().lines().findFirst().orElse(""));
        return;
      }
      JsonObject byKind = new JsonObject();
      ar.result().summary().forEach((kind, ids) -> byKind.put(kind, new JsonObject(Map.copyOf(ids))));
      AdminHttp.json(request, 200, new JsonObject()
          .put("stateFile", gateway.stateFile() == null ? null : gateway.stateFile().toString())
          .put("changes", byKind));
    });
  }

  /** Validates a whole config (YAML or JSON) as a reload would, without applying it. */
  private static void validate(HttpServerRequest request, Gateway gateway) {
    AdminHttp.readBody(request, AdminHttp.MAX_CONFIG_BYTES, body ->
        gateway.validate(body.toString(), VALIDATED_SOURCE).onComplete(ar -> {
          if (ar.failed()) {
            AdminHttp.problem(request, 500, "internal", "Internal Server Error", "validation failed to run");
            return;
          }
          List<ConfigError> errors = ar.result();
          if (errors.isEmpty()) {
            AdminHttp.json(request, 200, new JsonObject().put("valid", true));
          } else {
            AdminHttp.problem(request, 422, "invalid_config", "Unprocessable Content",
                errors.size() + " error(s) in the config; nothing was applied",
                new JsonObject().put("valid", false).put("errors", AdminHttp.errors(errors)));
          }
        }));
  }

  private static void reload(HttpServerRequest request, Gateway gateway) {
    gateway.reload().onComplete(ar -> {
      ReloadResult r = ar.result();
      int status = ar.failed() ? 500 : switch (r.outcome()) {
        case REJECTED -> 422;
        case BUSY -> 409; // a reload is already running (e.g. the file watcher's)
        default -> 200;
      };
      AdminHttp.json(request, status, new JsonObject()
          .put("outcome", ar.succeeded() ? r.outcome().name().toLowerCase() : "failed")
          .put("version", ar.succeeded() ? r.version() : -1)
          .put("errors", ar.succeeded() ? new JsonArray(r.errors()) : new JsonArray()));
    });
  }
}
