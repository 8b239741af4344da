package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import dev.portico.upstream.Target;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every admin operation on a real gateway: token, reads, validation, runtime changes (and their refusal with precise
 * errors, the running config untouched), circuit resets, 404 and 405. Each test starts its own gateway, so changes
 * made by one never reach another.
 */
class AdminApiIT {
  static final String CONSUMER_KEY = "sk-live-0123456789abcdef";
  static final String JWT_SECRET = "an-hmac-secret-of-at-least-32-bytes!!";
  static Vertx vertx;
  static TestUpstream backend;
  static TestUpstream spare;
  TestGateway gateway;

  @BeforeAll
  static void startBackends() {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    spare = TestUpstream.echo(vertx, "spare");
  }

  @AfterAll
  static void stopBackends() {
    backend.close();
    spare.close();
    vertx.close();
  }

  @BeforeEach
  void start() {
    gateway = TestGateway.start("""
        upstreams:
          backend: { targets: [%s] }
          guarded:
            targets: [%s]
            circuitBreaker: { failureRate: 50%%, window: 10, minimumCalls: 5, openFor: 1h }
        auth:
          apiKeys: { header: X-API-Key }
        plans:
          gold: { rateLimit: 1000/min }
        consumers:
          - { id: mobile-app, tenant: acme, plan: gold, apiKey: "%s" }
          - { id: web-app, tenant: acme, apiKeys: ["%s-web", "%s-web2"] }
        routes:
          - id: a
            match: { path: /a/** }
            upstream: backend
          - id: keyed
            match: { path: /keyed/** }
            upstream: backend
            auth: { apiKey: true }
        """.formatted(backend.url(), backend.url(), CONSUMER_KEY, CONSUMER_KEY, CONSUMER_KEY));
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  HttpResponse<String> send(String method, String path, String body) {
    return gateway.adminSend(HttpRequest.newBuilder(URI.create(gateway.adminUrl(path)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
  }

  long version() {
    return gateway.gateway().snapshot().version();
  }

  // --- token ---

  @Test
  void adminPaths_withoutToken_are401ProblemWithWwwAuthenticate() {
    for (String path : List.of("/routes", "/upstreams", "/consumers", "/config", "/openapi.json", "/revocations/status")) {
      HttpResponse<String> response = Http.get(gateway.adminUrl(path));

      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
          v -> assertThat(v).startsWith("Bearer"));
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("unauthenticated");
    }
  }

  @Test
  void wrongToken_is401_andChangesNothing() {
    long version = version();
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl("/routes/a")))
        .DELETE(), "Authorization", "Bearer " + gateway.adminToken() + "x");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getString("detail")).contains("wrong admin token");
    assertThat(version()).isEqualTo(version);
    assertThat(Http.get(gateway.url("/a/1")).statusCode()).isEqualTo(200);
  }

  @Test
  void probesAndScrape_needNoToken() {
    assertThat(Http.get(gateway.adminUrl("/health")).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.adminUrl("/ready")).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.adminUrl("/metrics")).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutConfiguredToken_aRandomOneIsGenerated_andAccepted() {
    assertThat(gateway.adminToken()).hasSizeGreaterThanOrEqualTo(40);
    try (TestGateway other = TestGateway.start("routes: []\n")) {
      assertThat(other.adminToken()).isNotEqualTo(gateway.adminToken());
    }
    assertThat(gateway.adminGet("/routes").statusCode()).isEqualTo(200);
  }

  @Test
  void configuredToken_isTheOneAccepted() {
    try (TestGateway configured = TestGateway.start("""
        admin: { port: 0, token: "s3cret-admin-token-0123" }
        routes: []
        """)) {
      assertThat(configured.adminToken()).isEqualTo("s3cret-admin-token-0123");
      assertThat(Http.get(configured.adminUrl("/routes"), "Authorization", "Bearer s3cret-admin-token-0123")
          .statusCode()).isEqualTo(200);
      assertThat(Http.get(configured.adminUrl("/routes"), "Authorization", "Bearer s3cret-admin-token-0124")
          .statusCode()).isEqualTo(401);
    }
  }

  // --- reads ---

  @Test
  void consumers_showIdsTenantPlanAndKeyCount_neverKeysOrHashes() {
    HttpResponse<String> response = gateway.adminGet("/consumers");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray consumers = new JsonObject(response.body()).getJsonArray("consumers");
    assertThat(consumers).hasSize(2);
    JsonObject mobile = consumers.getJsonObject(0);
    assertThat(mobile.getString("id")).isEqualTo("mobile-app");
    assertThat(mobile.getString("tenant")).isEqualTo("acme");
    assertThat(mobile.getString("plan")).isEqualTo("gold");
    assertThat(mobile.getInteger("keyCount")).isEqualTo(1);
    assertThat(consumers.getJsonObject(1).getInteger("keyCount")).isEqualTo(2);
    assertThat(mobile.fieldNames()).containsExactlyInAnyOrder("id", "tenant", "plan", "keyCount", "scopes");
    assertThat(response.body()).doesNotContain(CONSUMER_KEY, "sha256", "hash");

    JsonObject one = new JsonObject(gateway.adminGet("/consumers/web-app").body());
    assertThat(one.getInteger("keyCount")).isEqualTo(2);
    assertThat(gateway.adminGet("/consumers/nobody").statusCode()).isEqualTo(404);
  }

  @Test
  void tenants_listTheirConsumers() {
    JsonObject body = new JsonObject(gateway.adminGet("/tenants").body());

    JsonObject acme = body.getJsonArray("tenants").getJsonObject(0);
    assertThat(acme.getString("id")).isEqualTo("acme");
    assertThat(acme.getJsonArray("consumers")).containsExactly("mobile-app", "web-app");
  }

  @Test
  void effectiveConfig_showsTheConfigWithSecretsRedacted() {
    try (TestGateway secretive = TestGateway.start("""
        admin: { port: 0, token: "the-admin-token-0123456789" }
        upstreams:
          backend: { targets: [%s] }
        auth:
          jwt:
            main: { issuer: https://id.example, audiences: [shop], secret: "%s" }
        consumers:
          - { id: mobile-app, apiKey: "%s" }
        routes:
          - { id: a, match: { path: /a/** }, upstream: backend }
        """.formatted(backend.url(), JWT_SECRET, CONSUMER_KEY))) {
      HttpResponse<String> response = secretive.adminGet("/config");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject config = new JsonObject(response.body()).getJsonObject("config");
      assertThat(config.getJsonArray("routes").getJsonObject(0).getString("id")).isEqualTo("a");
      assertThat(config.getJsonArray("consumers").getJsonObject(0).getString("apiKey")).isEqualTo(Redactor.HIDDEN);
      assertThat(config.getJsonObject("auth").getJsonObject("jwt").getJsonObject("main").getString("secret"))
          .isEqualTo(Redactor.HIDDEN);
      assertThat(response.body()).doesNotContain(CONSUMER_KEY, JWT_SECRET, "the-admin-token-0123456789");
    }
  }

  @Test
  void routeAndUpstream_canBeReadOneByOne() {
    JsonObject route = new JsonObject(gateway.adminGet("/routes/a").body());
    assertThat(route.getString("upstream")).isEqualTo("backend");
    assertThat(gateway.adminGet("/routes/zzz").statusCode()).isEqualTo(404);

    JsonObject upstream = new JsonObject(gateway.adminGet("/upstreams/guarded").body());
    assertThat(upstream.getJsonArray("targets").getJsonObject(0).getString("circuit")).isEqualTo("closed");
  }

  // --- validate ---

  @Test
  void validate_acceptsAGoodConfig_withoutApplyingIt() {
    long version = version();

    HttpResponse<String> response = send("POST", "/config/validate", """
        upstreams:
          other: { targets: ["http://127.0.0.1:1"] }
        routes:
          - { id: only, match: { path: /only/** }, upstream: other }
        """);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getBoolean("valid")).isTrue();
    assertThat(version()).isEqualTo(version);
    assertThat(gateway.adminGet("/routes/only").statusCode()).isEqualTo(404);
  }

  @Test
  void validate_refusesABadConfig_withLineColumnAndKeyPath() {
    HttpResponse<String> response = send("POST", "/config/validate", """
        upstreams:
          other: { targets: ["http://127.0.0.1:1"] }
        routes:
          - id: only
            match: { path: /only/** }
            upstream: othr
            timeout: 5 seconds
        """);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getBoolean("valid")).isFalse();
    JsonArray errors = problem.getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("text")).toList()).containsExactly(
        "request body:6:15: routes[0].upstream: \"othr\" is not a defined upstream (did you mean \"other\"?)",
        "request body:7:14: routes[0].timeout: \"5 seconds\" (expected: a duration like 250ms, 2s, 1m)");
    JsonObject first = errors.getJsonObject(0);
    assertThat(first.getInteger("line")).isEqualTo(6);
    assertThat(first.getInteger("column")).isEqualTo(15);
    assertThat(first.getString("path")).isEqualTo("routes[0].upstream");
  }

  @Test
  void validate_acceptsJson() {
    HttpResponse<String> response = send("POST", "/config/validate",
        "{\"upstreams\": {\"u\": {\"targets\": [\"http://127.0.0.1:1\"]}},"
            + " \"routes\": [{\"id\": \"r\", \"upstream\": \"u\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  // --- runtime changes ---

  @Test
  void putRoute_createsIt_andItServes() {
    long version = version();

    HttpResponse<String> response = send("PUT", "/routes/new-one",
        "{\"match\": {\"path\": \"/new/**\"}, \"upstream\": \"backend\", \"rewrite\": {\"stripPrefix\": \"/new\"}}");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getBoolean("applied")).isTrue();
    assertThat(body.getLong("version")).isEqualTo(version + 1);
    HttpResponse<String> served = Http.get(gateway.url("/new/x"));
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(served.body()).getString("uri")).isEqualTo("/x");
  }

  @Test
  void putRoute_inYaml_replacesAnExistingOne() {
    HttpResponse<String> response = send("PUT", "/routes/a", """
        match: { path: /moved/** }
        upstream: backend
        """);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/moved/1")).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/a/1")).statusCode()).isEqualTo(404);
  }

  @Test
  void badRoute_isRefusedWithPreciseErrors_andTheRunningConfigIsUntouched() {
    long version = version();

    HttpResponse<String> response = send("PUT", "/routes/a", """
        match: { path: /a/** }
        upstream: nowhere
        rewrte: { stripPrefix: /a }
        """);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("invalid_config");
    assertThat(problem.getString("detail")).contains("running config is unchanged");
    List<String> errors = problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("text")).toList();
    assertThat(errors).containsExactly(
        "PUT /routes/a:2:11: routes[0].upstream: \"nowhere\" is not a defined upstream (expected one of: backend, guarded)",
        "PUT /routes/a:3:1: routes[0].rewrte: unknown key (did you mean \"rewrite\"?)");
    assertThat(version()).isEqualTo(version);
    HttpResponse<String> old = Http.get(gateway.url("/a/still"));
    assertThat(old.statusCode()).isEqualTo(200);
    assertThat(old.headers().firstValue("X-Upstream")).hasValue("backend");
    assertThat(gateway.adminGet("/config/changes").body()).doesNotContain("\"a\"");
  }

  @Test
  void routeBodyWithAnotherId_isRefused() {
    HttpResponse<String> response = send("PUT", "/routes/a", "{\"id\": \"b\", \"upstream\": \"backend\"}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(response.body()).getJsonArray("errors").getJsonObject(0).getString("text"))
        .isEqualTo("PUT /routes/a:1:8: id: \"b\" differs from the id in the path (expected: \"a\" or no id)");
  }

  @Test
  void postRoute_takesTheIdFromTheBody_andRefusesAnExistingId() {
    HttpResponse<String> created = send("POST", "/routes",
        "{\"id\": \"posted\", \"match\": {\"path\": \"/posted/**\"}, \"upstream\": \"backend\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(Http.get(gateway.url("/posted/1")).statusCode()).isEqualTo(200);

    HttpResponse<String> again = send("POST", "/routes",
        "{\"id\": \"posted\", \"match\": {\"path\": \"/other/**\"}, \"upstream\": \"backend\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(again.body()).getString("code")).isEqualTo("conflict");

    HttpResponse<String> noId = send("POST", "/routes", "{\"upstream\": \"backend\"}");
    assertThat(noId.statusCode()).isEqualTo(422);
    assertThat(noId.body()).contains("missing required key \\\"id\\\"");
  }

  @Test
  void concurrentChanges_areAllApplied_noneLost() throws Exception {
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> puts = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = "c" + i;
      puts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> send("PUT", "/routes/" + id,
          "{\"match\": {\"path\": \"/" + id + "/**\"}, \"upstream\": \"backend\"}")));
    }
    for (var put : puts) {
      assertThat(put.get().statusCode()).isEqualTo(201);
    }

    for (int i = 0; i < 8; i++) {
      assertThat(Http.get(gateway.url("/c" + i + "/x")).statusCode()).as("c" + i).isEqualTo(200);
    }
    assertThat(new JsonObject(gateway.adminGet("/config/changes").body()).getJsonObject("changes")
        .getJsonObject("routes").fieldNames()).hasSize(8);
  }

  @Test
  void deleteRoute_removesIt() {
    HttpResponse<String> response = send("DELETE", "/routes/a", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/a/1")).statusCode()).isEqualTo(404);
    assertThat(send("DELETE", "/routes/a", null).statusCode()).isEqualTo(404);
    assertThat(new JsonObject(gateway.adminGet("/config/changes").body()).getJsonObject("changes")
        .getJsonObject("routes").getString("a")).isEqualTo("deleted");
  }

  @Test
  void putUpstream_thenARouteToIt() {
    assertThat(send("PUT", "/upstreams/extra", "{\"targets\": [\"" + spare.url() + "\"]}").statusCode())
        .isEqualTo(201);
    assertThat(send("PUT", "/routes/extra", "{\"match\": {\"path\": \"/extra/**\"}, \"upstream\": \"extra\"}")
        .statusCode()).isEqualTo(201);

    HttpResponse<String> served = Http.get(gateway.url("/extra/1"));
    assertThat(served.headers().firstValue("X-Upstream")).hasValue("spare");
    assertThat(new JsonObject(gateway.adminGet("/upstreams").body()).containsKey("extra")).isTrue();
  }

  @Test
  void deletingAnUpstreamStillUsedByARoute_isRefused() {
    long version = version();

    HttpResponse<String> response = send("DELETE", "/upstreams/backend", null);

    assertThat(response.statusCode()).isEqualTo(422);
    String file = gateway.file().toString();
    List<String> errors = new JsonObject(response.body()).getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("text")).toList();
    assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e).startsWith(file + ":")
        .contains("upstream: \"backend\" is not a defined upstream"));
    assertThat(errors.get(0)).contains("routes[0].upstream");
    assertThat(version()).isEqualTo(version);
    assertThat(Http.get(gateway.url("/a/1")).statusCode()).isEqualTo(200);
  }

  @Test
  void badUpstream_isRefusedWithItsPosition() {
    HttpResponse<String> response = send("PUT", "/upstreams/extra", "targets: [\"ftp://x\"]\nbalance: random\n");

    assertThat(response.statusCode()).isEqualTo(422);
    List<String> errors = new JsonObject(response.body()).getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("text")).toList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).startsWith("PUT /upstreams/extra:1:11: upstreams.extra.targets[0]: \"ftp://x\"");
    assertThat(errors.get(1)).startsWith("PUT /upstreams/extra:2:10: upstreams.extra.balance: \"random\"");
  }

  @Test
  void putConsumer_addsAKeyThatAuthenticates_andDeleteRevokesIt() {
    String key = "sk-live-new-consumer-key-42";
    assertThat(Http.get(gateway.url("/keyed/1"), "X-API-Key", key).statusCode()).isEqualTo(401);

    HttpResponse<String> put = send("PUT", "/consumers/partner",
        "{\"tenant\": \"globex\", \"apiKey\": \"" + key + "\"}");
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(Http.get(gateway.url("/keyed/1"), "X-API-Key", key).statusCode()).isEqualTo(200);
    assertThat(gateway.adminGet("/consumers/partner").body()).contains("globex").doesNotContain(key);

    assertThat(send("DELETE", "/consumers/partner", null).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/keyed/1"), "X-API-Key", key).statusCode()).isEqualTo(401);
  }

  @Test
  void badConsumer_isRefused() {
    HttpResponse<String> response = send("PUT", "/consumers/partner", "{\"apiKey\": \"short\", \"plan\": \"nope\"}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("consumers[2].apiKey", "consumers[2].plan").doesNotContain("\"short\"");
  }

  @Test
  void malformedBody_isRefusedWithItsPosition() {
    HttpResponse<String> response = send("PUT", "/routes/a", "{\"upstream\": ");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(response.body()).getJsonArray("errors").getJsonObject(0).getString("file"))
        .isEqualTo("PUT /routes/a");
  }

  // --- circuits ---

  @Test
  void resetTarget_closesAnOpenBreaker() {
    Target target = gateway.gateway().snapshot().upstreams().get("guarded").targets().get(0);
    for (int i = 0; i < 10; i++) {
      target.breaker().record(true, 1_000_000);
    }
    assertThat(new JsonObject(gateway.adminGet("/upstreams/guarded").body()).getJsonArray("targets")
        .getJsonObject(0).getString("circuit")).isEqualTo("open");

    HttpResponse<String> response = send("POST", "/upstreams/guarded/targets/" + target + "/reset", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("circuit")).isEqualTo("closed");
    assertThat(body.getBoolean("available")).isTrue();
    assertThat(send("POST", "/upstreams/guarded/targets/127.0.0.1:1/reset", null).statusCode()).isEqualTo(404);
  }

  @Test
  void resetUpstream_closesEveryBreaker() {
    Target target = gateway.gateway().snapshot().upstreams().get("guarded").targets().get(0);
    for (int i = 0; i < 10; i++) {
      target.breaker().record(true, 1_000_000);
    }

    HttpResponse<String> response = send("POST", "/upstreams/guarded/reset", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(target.breaker().state().name()).isEqualTo("CLOSED");
  }

  // --- routing of the admin API itself ---

  @Test
  void wrongMethod_is405WithAllow() {
    HttpResponse<String> response = send("PATCH", "/routes/a", "{}");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("method_not_allowed");
  }

  @Test
  void unknownPath_is404Problem() {
    HttpResponse<String> response = gateway.adminGet("/routes/a/extra");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }
}
