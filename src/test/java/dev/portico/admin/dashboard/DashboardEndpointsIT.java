package dev.portico.admin.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's page and JSON on a real gateway's admin port. */
class DashboardEndpointsIT {
  static final String API_KEY = "dashboard-consumer-key-0123456789";
  static final String JWT_SECRET = "a-dashboard-hmac-secret-of-32-bytes!!";

  static Vertx vertx;
  static TestUpstream backend;
  static TestUpstream failing;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    failing = TestUpstream.start(vertx, req -> req.response().setStatusCode(500).end("no"));
    gateway = TestGateway.start("""
        consumers:
          - { id: app, apiKey: "%s" }
        auth:
          jwt:
            internal: { issuer: portico-test, audiences: [shop], secret: "%s" }
        upstreams:
          backend: { targets: [%s] }
          failing: { targets: [%s] }
        routes:
          - { id: items, match: { path: /items/** }, upstream: backend, auth: { apiKey: true, optional: true } }
          - { id: broken, match: { path: /broken/** }, upstream: failing }
          - { id: quiet, match: { path: /quiet/** }, upstream: backend }
        """.formatted(API_KEY, JWT_SECRET, backend.url(), failing.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    failing.close();
    vertx.close();
  }

  /** Without the admin token: the page and its assets are open. */
  static HttpResponse<String> admin(String path) {
    return Http.get("http://127.0.0.1:" + gateway.adminPort() + path);
  }

  /** The data endpoints need the admin token. */
  static HttpResponse<String> adminApi(String path) {
    return gateway.adminGet(path);
  }

  @Test
  void pageAndAssetsAreServedFromTheJar_withAPolicyThatAllowsOnlyThisOrigin() {
    HttpResponse<String> page = admin("/dashboard");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
    assertThat(page.body()).contains("/dashboard/assets/app.js", "/dashboard/assets/app.css").doesNotContain("http://", "https://");
    assertThat(admin("/dashboard/").body()).isEqualTo(page.body());
    HttpResponse<String> js = admin("/dashboard/assets/app.js");
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.body()).contains("/dashboard/api/stats", "Authorization").doesNotContain("http://", "https://");
    assertThat(admin("/dashboard/assets/app.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
  }

  @Test
  void unknownDashboardPathsAre404_onlyReadsAreAllowed_andTheDataNeedsTheToken() {
    assertThat(adminApi("/dashboard/secret.txt").statusCode()).isEqualTo(404);
    HttpResponse<String> post = gateway.adminSend(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.adminPort() + "/dashboard/api/stats"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(admin("/dashboard/api/stats").statusCode()).isEqualTo(401);
  }

  @Test
  void stats_countRequestsErrorsAndLatencyBucketsPerRoute_andListTargets() {
    for (int i = 0; i < 4; i++) {
      assertThat(Http.get(gateway.url("/items/" + i)).statusCode()).isEqualTo(200);
    }
    assertThat(Http.get(gateway.url("/broken/x")).statusCode()).isEqualTo(500);

    JsonObject stats = new JsonObject(adminApi("/dashboard/api/stats").body());

    JsonArray bounds = stats.getJsonArray("bucketsSeconds");
    assertThat(bounds).hasSize(13);
    JsonObject items = route(stats, "items");
    assertThat(items.getLong("count")).isEqualTo(4);
    assertThat(items.getLong("errors")).isZero();
    JsonArray buckets = items.getJsonArray("buckets");
    assertThat(buckets).hasSize(13);
    assertThat(buckets.getLong(12)).isEqualTo(4); // every request took less than 10 s
    JsonObject broken = route(stats, "broken");
    assertThat(broken.getLong("count")).isEqualTo(1);
    assertThat(broken.getLong("errors")).isEqualTo(1);
    assertThat(route(stats, "quiet")).isNull();
    assertThat(stats.getLong("configVersion")).isEqualTo(1);
    JsonArray upstreams = stats.getJsonArray("upstreams");
    assertThat(upstreams.stream().map(u -> ((JsonObject) u).getString("name"))).containsExactly("backend", "failing");
    JsonObject target = upstreams.getJsonObject(0).getJsonArray("targets").getJsonObject(0);
    assertThat(target.getString("target")).isEqualTo("127.0.0.1:" + backend.port());
    assertThat(target.getBoolean("healthy")).isTrue();
    assertThat(target.getString("circuit")).isEqualTo("none");
    assertThat(stats.getJsonObject("rateLimit").getLong("shed")).isZero();
  }

  @Test
  void config_showsTheRouteTable_neverSecrets() {
    HttpResponse<String> response = adminApi("/dashboard/api/config");

    JsonObject config = new JsonObject(response.body());
    assertThat(config.getLong("version")).isEqualTo(1);
    assertThat(config.getInteger("totalRoutes")).isEqualTo(3);
    assertThat(config.getJsonArray("routes").stream().map(r -> ((JsonObject) r).getString("id")))
        .containsExactly("items", "broken", "quiet");
    assertThat(config.getJsonArray("upstreams").getList()).containsExactly("backend", "failing");
    assertThat(response.body()).doesNotContain(API_KEY, JWT_SECRET);
  }

  private static JsonObject route(JsonObject stats, String id) {
    return stats.getJsonArray("routes").stream().map(r -> (JsonObject) r)
        .filter(r -> r.getString("id").equals(id)).findFirst().orElse(null);
  }
}
