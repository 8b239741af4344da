package dev.portico.admin;

import dev.portico.admin.dashboard.DashboardEndpoints;
import dev.portico.config.AdminConfig;
import dev.portico.runtime.Gateway;
import dev.portico.runtime.ReloadResult;
import dev.portico.upstream.Target;
import dev.portico.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The operator's port, bound to localhost by default: liveness, readiness, Prometheus metrics,
 * the route table and upstream state, and a reload trigger. Kept apart from the client port so
 * none of it is reachable through the gateway's routes.
 */
public final class AdminServer {
  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  public static Future<AdminServer> start(Vertx vertx, AdminConfig config, Gateway gateway) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()));
    server.requestHandler(request -> handle(request, gateway));
    return server.listen().map(AdminServer::new);
  }

  private static void handle(HttpServerRequest request, Gateway gateway) {
    String path = request.path();
    if (DashboardEndpoints.handles(path)) { DashboardEndpoints.handle(request, gateway); return; }
    if (RevocationEndpoints.handles(path)) {
      RevocationEndpoints.handle(request, gateway.revocations());
      return;
    }
    switch (path) {
      case "/health" -> json(request, 200, new JsonObject().put("status", "UP"));
      case "/ready" -> {
        boolean ready = gateway.isReady();
        json(request, ready ? 200 : 503, new JsonObject().put("status", ready ? "READY" : "NOT_READY")
            .put("configVersion", gateway.snapshot() == null ? null : gateway.snapshot().version()));
      }
      case "/metrics" -> request.response()
          .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
          .end(gateway.metrics().scrape());
      case "/routes" -> json(request, 200, RouteTableView.of(gateway.snapshot()));
      case "/upstreams" -> json(request, 200, upstreams(gateway));
      case "/reload" -> {
        if (!"POST".equals(request.method().name())) {
          json(request, 405, new JsonObject().put("error", "use POST"));
          return;
        }
        gateway.reload().onComplete(ar -> {
          ReloadResult r = ar.result();
          int status = ar.failed() ? 500 : switch (r.outcome()) {
            case REJECTED -> 422;
            case BUSY -> 409; // a reload is already running (e.g. the file watcher's)
            default -> 200;
          };
          json(request, status, new JsonObject()
              .put("outcome", ar.succeeded() ? r.outcome().name().toLowerCase() : "failed")
              .put("version", ar.succeeded() ? r.version() : -1)
              .put("errors", ar.succeeded() ? new JsonArray(r.errors()) : new JsonArray()));
        });
      }
      default -> json(request, 404, new JsonObject().put("error", "unknown admin path")
          .put("paths", new JsonArray().add("/health").add("/ready").add("/metrics").add("/routes")
              .add("/upstreams").add("POST /reload").add("POST /revocations").add("/revocations/status")));
    }
  }

  private static JsonObject upstreams(Gateway gateway) {
    JsonObject out = new JsonObject();
    long now = System.nanoTime();
    for (Upstream upstream : gateway.snapshot().upstreams().values()) {
      JsonArray targets = new JsonArray();
      for (Target t : upstream.targets()) {
        targets.add(new JsonObject().put("target", t.toString()).put("available", t.isAvailable(now))
            .put("healthy", t.healthy())
            .put("circuit", t.breaker() == null ? "none" : t.breaker().state().name().toLowerCase(Locale.ROOT))
            .put("inFlight", t.inFlight()));
      }
      out.put(upstream.name(), new JsonObject().put("balance", upstream.config().balance().name())
          .put("targets", targets));
    }
    return out;
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body.encodePrettily());
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
