package dev.portico.admin;

import dev.portico.admin.dashboard.DashboardEndpoints;
import dev.portico.config.AdminConfig;
import dev.portico.runtime.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The operator's port, bound to localhost by default and kept apart from the client port so none of it is reachable
 * through the gateway's routes. Liveness, readiness and the Prometheus scrape are open; everything else (reads of
 * routes, upstreams, consumers and config, runtime changes, reload, revocations, circuit resets) needs the admin
 * bearer token. The endpoints are described in {@code /openapi.json}.
 */
public final class AdminServer {
  static final String OPENAPI_RESOURCE = "/admin/openapi.json";

  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  public static Future<AdminServer> start(Vertx vertx, AdminConfig config, Gateway gateway) {
    // The description is read once, off the event loop.
    return vertx.executeBlocking(AdminServer::openApiDocument, false).compose(openApi -> {
      AdminAuth auth = new AdminAuth(gateway.adminToken());
      AdminRouter router = router(gateway, openApi);
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host())
          .setPort(config.port()));
      server.requestHandler(request -> handle(request, auth, router, gateway));
      return server.listen().map(AdminServer::new);
    });
  }

  private static void handle(HttpServerRequest request, AdminAuth auth, AdminRouter router, Gateway gateway) {
    if (!auth.admit(request)) {
      return;
    }
    // The dashboard (page, assets and its data) is served by its own endpoints class before the router.
    if (DashboardEndpoints.handles(request.path())) {
      DashboardEndpoints.handle(request, gateway);
      return;
    }
    router.dispatch(request);
  }

  /** Every endpoint but the dashboard's, by method and path template; the OpenAPI document describes these. */
  static AdminRouter router(Gateway gateway, String openApi) {
    AdminRouter router = new AdminRouter()
        .on(HttpMethod.GET, "/health", (r, p) -> AdminHttp.json(r, 200, new JsonObject().put("status", "UP")))
        .on(HttpMethod.GET, "/ready", (r, p) -> {
          boolean ready = gateway.isReady();
          AdminHttp.json(r, ready ? 200 : 503, new JsonObject().put("status", ready ? "READY" : "NOT_READY")
              .put("configVersion", gateway.snapshot() == null ? null : gateway.snapshot().version()));
        })
        .on(HttpMethod.GET, "/metrics", (r, p) -> r.response()
            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .end(gateway.metrics().scrape()))
        .on(HttpMethod.GET, "/openapi.json", (r, p) -> r.response()
            .putHeader("Content-Type", "application/json").end(openApi))
        .on(HttpMethod.POST, RevocationEndpoints.REVOCATIONS,
            (r, p) -> RevocationEndpoints.handle(r, gateway.revocations()))
        .on(HttpMethod.GET, RevocationEndpoints.STATUS, (r, p) -> RevocationEndpoints.handle(r, gateway.revocations()));
    EntryChanges changes = new EntryChanges(gateway);
    RouteEndpoints.register(router, gateway, changes);
    UpstreamEndpoints.register(router, gateway, changes);
    ConsumerEndpoints.register(router, gateway, changes);
    ConfigEndpoints.register(router, gateway);
    return router;
  }

  static String openApiDocument() {
    try (InputStream in = AdminServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The endpoints as {@code "GET /routes/{id}"}, for the test that checks the OpenAPI document against them. */
  static List<String> endpoints(Gateway gateway) {
    return router(gateway, "{}").endpoints().stream().map(e -> e.method().name() + " " + e.template()).toList();
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
