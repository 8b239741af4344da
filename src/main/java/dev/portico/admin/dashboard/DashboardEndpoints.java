package dev.portico.admin.dashboard;

import dev.portico.admin.RouteTableView;
import dev.portico.runtime.Gateway;
import dev.portico.runtime.Snapshot;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The live dashboard on the admin port: a static page shipped in the jar ({@code /dashboard},
 * {@code /dashboard/app.js}, {@code /dashboard/app.css}) and the JSON it polls
 * ({@code /dashboard/api/stats}, {@code /dashboard/api/config}). The page loads nothing from
 * elsewhere; its Content-Security-Policy says so to the browser too.
 */
public final class DashboardEndpoints {
  static final String PREFIX = "/dashboard";
  static final String STATS = "/dashboard/api/stats";
  static final String CONFIG = "/dashboard/api/config";
  /** Routes listed in the config view; a 10,000-route table would be megabytes per page load. */
  static final int MAX_CONFIG_ROUTES = 1_000;
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, Asset> ASSETS = Map.of(
      "/dashboard", Asset.of("index.html", "text/html; charset=utf-8"),
      "/dashboard/", Asset.of("index.html", "text/html; charset=utf-8"),
      "/dashboard/assets/app.js", Asset.of("app.js", "text/javascript; charset=utf-8"),
      "/dashboard/assets/app.css", Asset.of("app.css", "text/css; charset=utf-8"));

  private DashboardEndpoints() {}

  /**
   * The page and its static files: open without the admin token (a browser loading them cannot
   * send one; the page reads it from the URL fragment for its API calls).
   */
  public static boolean isStaticAsset(String path) {
    return ASSETS.containsKey(path);
  }

  public static boolean handles(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }

  public static void handle(HttpServerRequest request, Gateway gateway) {
    String path = request.path();
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    switch (path) {
      case STATS -> json(request, DashboardStats.of(gateway.metrics(), gateway.snapshot()));
      case CONFIG -> json(request, config(gateway.snapshot()));
      default -> {
        Asset asset = ASSETS.get(path);
        if (asset == null) {
          request.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("not found");
          return;
        }
        request.response().putHeader("Content-Type", asset.contentType())
            .putHeader("Content-Security-Policy", CSP)
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Cache-Control", "no-cache")
            .end(Buffer.buffer(asset.body()));
      }
    }
  }

  /** The route table (ids, matches, upstreams, rewrites: never credentials) and the upstream names. */
  static JsonObject config(Snapshot snapshot) {
    if (snapshot == null) {
      return new JsonObject().put("version", null).put("routes", new io.vertx.core.json.JsonArray());
    }
    JsonObject table = RouteTableView.of(snapshot);
    io.vertx.core.json.JsonArray routes = table.getJsonArray("routes");
    int total = routes.size();
    if (total > MAX_CONFIG_ROUTES) {
      table.put("routes", new io.vertx.core.json.JsonArray(routes.getList().subList(0, MAX_CONFIG_ROUTES)));
    }
    return table.put("totalRoutes", total)
        .put("upstreams", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(
            new java.util.TreeSet<>(snapshot.upstreams().keySet()))))
        .put("appliedAt", snapshot.appliedAt() == null ? null : snapshot.appliedAt().toString());
  }

  private static void json(HttpServerRequest request, JsonObject body) {
    request.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  private record Asset(String contentType, byte[] body) {
    static Asset of(String name, String contentType) {
      try (InputStream in = DashboardEndpoints.class.getResourceAsStream("/dashboard/" + name)) {
        if (in == null) {
          throw new IllegalStateException("dashboard/" + name + " is missing from the jar");
        }
        return new Asset(contentType, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
