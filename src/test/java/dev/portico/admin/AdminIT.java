package dev.portico.admin;

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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin port on a real gateway. Each test sends its own traffic to a route of its own, so the
 * counters it checks are not disturbed by the other tests, whatever their order.
 */
class AdminIT {
  static Vertx vertx;
  static TestUpstream backend;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    gateway = TestGateway.start("""
        upstreams:
          backend: { targets: [%s] }
        routes:
          - id: a
            match: { path: /a/** }
            upstream: backend
          - id: b
            match: { path: "/b/{id}", methods: [GET] }
            upstream: backend
            rewrite: { path: "/items/{id}" }
        """.formatted(backend.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    vertx.close();
  }

  static String admin(String path) {
    return "http://127.0.0.1:" + gateway.adminPort() + path;
  }

  @Test
  void health_isUp() {
    HttpResponse<String> response = Http.get(admin("/health"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("status")).isEqualTo("UP");
  }

  @Test
  void ready_reportsReadyAndTheConfigVersion() {
    HttpResponse<String> response = Http.get(admin("/ready"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("status")).isEqualTo("READY");
    assertThat(body.getLong("configVersion")).isEqualTo(gateway.gateway().snapshot().version()).isPositive();
  }

  @Test
  void metrics_countRequestsByRouteMethodAndStatusClass_neverByRawPath() {
    String unmatched = "portico_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"4xx\",tier=\"anonymous\"}";
    String noRoute = "portico_gateway_responses_total{code=\"no_route\",route=\"unmatched\"}";
    String before = Http.get(admin("/metrics")).body();
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(gateway.url("/a/item-" + i + "?secret=s3")).statusCode()).isEqualTo(200);
    }
    assertThat(Http.get(gateway.url("/unknown-path-xyz")).statusCode()).isEqualTo(404);

    HttpResponse<String> response = Http.get(admin("/metrics"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    List<String> lines = Arrays.asList(response.body().split("\n"));
    assertThat(lines).contains("portico_requests_seconds_count{method=\"GET\",route=\"a\",status=\"2xx\",tier=\"anonymous\"} 3");
    // Other tests may also miss every route: compare with the scrape before.
    assertThat(sample(response.body(), unmatched)).isEqualTo(sample(before, unmatched) + 1);
    assertThat(sample(response.body(), noRoute)).isEqualTo(sample(before, noRoute) + 1);
    assertThat(response.body()).doesNotContain("item-", "unknown-path-xyz", "/a/", "s3");
  }

  /** The value of one series in a Prometheus text scrape, 0 when it is absent. */
  static double sample(String scrape, String series) {
    return Arrays.stream(scrape.split("\n"))
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst().orElse(0);
  }

  @Test
  void routes_listsEveryRouteWithMatchAndUpstream() {
    HttpResponse<String> response = gateway.adminGet("/routes");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getLong("version")).isEqualTo(gateway.gateway().snapshot().version());
    JsonArray routes = body.getJsonArray("routes");
    assertThat(routes).hasSize(2);
    JsonObject b = routes.getJsonObject(1);
    assertThat(b.getString("id")).isEqualTo("b");
    assertThat(b.getString("upstream")).isEqualTo("backend");
    assertThat(b.getJsonObject("match").getString("path")).isEqualTo("/b/{id}");
    assertThat(b.getJsonObject("match").getJsonArray("methods")).containsExactly("GET");
    assertThat(b.getJsonObject("rewrite").getString("path")).isEqualTo("/items/{id}");
  }

  @Test
  void upstreams_showTargetsWithAvailabilityAndInFlight() {
    HttpResponse<String> response = gateway.adminGet("/upstreams");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject backendJson = new JsonObject(response.body()).getJsonObject("backend");
    assertThat(backendJson.getString("balance")).isEqualTo("ROUND_ROBIN");
    JsonObject target = backendJson.getJsonArray("targets").getJsonObject(0);
    assertThat(target.getString("target")).contains("127.0.0.1:" + backend.port());
    assertThat(target.getBoolean("available")).isTrue();
    assertThat(target.getInteger("inFlight")).isZero();
  }

  @Test
  void reload_withUnchangedFile_reportsUnchangedAndKeepsTheVersion() {
    long version = gateway.gateway().snapshot().version();

    HttpResponse<String> response = gateway.adminSend(
        HttpRequest.newBuilder(URI.create(admin("/reload"))).POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("outcome")).isEqualTo("unchanged");
    assertThat(body.getLong("version")).isEqualTo(version);
    assertThat(body.getJsonArray("errors")).isEmpty();
    assertThat(gateway.gateway().snapshot().version()).isEqualTo(version);
    assertThat(Http.get(gateway.url("/b/7")).statusCode()).isEqualTo(200);
  }

  @Test
  void reload_onlyAcceptsPost() {
    assertThat(gateway.adminGet("/reload").statusCode()).isEqualTo(405);
  }

  @Test
  void unknownAdminPath_is404ProblemPointingToTheDescription() {
    HttpResponse<String> response = gateway.adminGet("/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("not_found");
    assertThat(problem.getString("detail")).contains("/nope", "/openapi.json");
  }

  @Test
  void gatewayPort_doesNotServeAdminPaths() {
    assertThat(Http.get(gateway.url("/metrics")).statusCode()).isEqualTo(404);
  }
}
