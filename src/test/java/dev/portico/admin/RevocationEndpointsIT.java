package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.portico.security.jwt.VerifiedJwt;
import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The revocation endpoints on a single gateway without Redis: what they accept, answer and refuse. */
class RevocationEndpointsIT {
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start("cluster: { revocation: { maxTokenLifetime: 2h } }\n");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static String admin(String path) {
    return "http://127.0.0.1:" + gateway.adminPort() + path;
  }

  static HttpResponse<String> post(String body) {
    return gateway.adminSend(HttpRequest.newBuilder(URI.create(admin("/revocations")))
        .POST(HttpRequest.BodyPublishers.ofString(body)), "Content-Type", "application/json");
  }

  static boolean revoked(String subject, String jti, Instant issuedAt) {
    return gateway.gateway().revocations().isRevoked(
        new VerifiedJwt("main", subject, jti, issuedAt, issuedAt.plusSeconds(3600), Map.of()));
  }

  @Test
  void revokesATokenById_andSaysItHoldsOnThisInstance() {
    HttpResponse<String> response = post("{\"jti\": \"abc-1\", \"expiresAt\": \"2099-01-31T12:00:00Z\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getJsonObject("revoked"))
        .isEqualTo(new JsonObject().put("jti", "abc-1").put("expiresAt", "2099-01-31T12:00:00Z"));
    assertThat(body.getString("scope")).isEqualTo("instance");
    assertThat(revoked("anyone", "abc-1", Instant.now())).isTrue();
    assertThat(revoked("anyone", "abc-2", Instant.now())).isFalse();
  }

  @Test
  void expiresAtInEpochSeconds_orWithAnOffset_isTheSameInstant() {
    JsonObject seconds = new JsonObject(post("{\"jti\": \"e-1\", \"expiresAt\": 4073371200}").body());
    JsonObject offset = new JsonObject(post("{\"jti\": \"e-2\", \"expiresAt\": \"2099-01-31T13:00:00+01:00\"}").body());

    assertThat(seconds.getJsonObject("revoked").getString("expiresAt")).isEqualTo("2099-01-29T12:00:00Z");
    assertThat(offset.getJsonObject("revoked").getString("expiresAt")).isEqualTo("2099-01-31T12:00:00Z");
  }

  @Test
  void withoutExpiresAt_theIdIsKeptForTheLongestTokenLifetime() {
    JsonObject body = new JsonObject(post("{\"jti\": \"no-exp\"}").body());

    Instant until = Instant.parse(body.getJsonObject("revoked").getString("expiresAt"));
    assertThat(until).isCloseTo(Instant.now().plus(Duration.ofHours(2)), within(1, ChronoUnit.MINUTES));
    assertThat(revoked("x", "no-exp", Instant.now())).isTrue();
  }

  @Test
  void revokesEverySubjectTokenIssuedBeforeNow_byDefault() {
    HttpResponse<String> response = post("{\"subject\": \"mallory\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject revokedNow = new JsonObject(response.body()).getJsonObject("revoked");
    assertThat(revokedNow.getString("subject")).isEqualTo("mallory");
    assertThat(Instant.parse(revokedNow.getString("before"))).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    assertThat(revoked("mallory", "t1", Instant.now().minusSeconds(60))).isTrue();
    assertThat(revoked("mallory", "t2", Instant.now().plusSeconds(60))).isFalse();
    assertThat(revoked("trent", "t3", Instant.now().minusSeconds(60))).isFalse();
  }

  @Test
  void subjectWithAnExplicitCutOff() {
    Instant before = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> response = post("{\"subject\": \"oscar\", \"before\": \"" + before + "\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(revoked("oscar", "a", before.minusSeconds(1))).isTrue();
    assertThat(revoked("oscar", "b", before.plusSeconds(1))).isFalse();
  }

  @Test
  void badInput_isA400ProblemNamingTheField() {
    assertProblem(post("not json"), "body: not valid JSON (expected: {\"jti\": \"...\", \"expiresAt\": \"...\"}"
        + " or {\"subject\": \"...\", \"before\": \"...\"})");
    assertProblem(post("[1]"), "body: not a JSON object (expected: {\"jti\": \"...\", \"expiresAt\": \"...\"}"
        + " or {\"subject\": \"...\", \"before\": \"...\"})");
    assertProblem(post(""), "body: not a JSON object (expected: {\"jti\": \"...\", \"expiresAt\": \"...\"}"
        + " or {\"subject\": \"...\", \"before\": \"...\"})");
    assertProblem(post("{}"), "body: sets neither jti nor subject (expected: {\"jti\": \"...\", \"expiresAt\":"
        + " \"...\"} or {\"subject\": \"...\", \"before\": \"...\"})");
    assertProblem(post("{\"jti\": \"a\", \"subject\": \"b\"}"), "body: sets both jti and subject (expected: one"
        + " revocation per request, {\"jti\": \"...\", \"expiresAt\": \"...\"} or {\"subject\": \"...\", \"before\":"
        + " \"...\"})");
    assertProblem(post("{\"jti\": \"a\", \"exp\": 1}"), "exp: unknown field (expected: {\"jti\": \"...\","
        + " \"expiresAt\": \"...\"} or {\"subject\": \"...\", \"before\": \"...\"})");
    assertProblem(post("{\"jti\": \"\"}"), "jti: \"\" (expected: a non-empty string of at most 1024 characters)");
    assertProblem(post("{\"jti\": 42}"), "jti: 42 (expected: a non-empty string of at most 1024 characters)");
    assertProblem(post("{\"jti\": \"a\", \"expiresAt\": \"tomorrow\"}"), "expiresAt: \"tomorrow\" (expected: an"
        + " ISO-8601 instant like 2026-01-31T12:00:00Z, or epoch seconds)");
    assertProblem(post("{\"jti\": \"a\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}"),
        "expiresAt: 2001-01-01T00:00:00Z is past (expected: the token's exp, in the future)");
    assertProblem(post("{\"subject\": \"s\", \"before\": \"2099-01-01T00:00:00Z\"}"),
        "before: 2099-01-01T00:00:00Z is in the future (expected: a time up to now)");
    assertProblem(post("{\"subject\": \"s\", \"before\": \"2001-01-01T00:00:00Z\"}"),
        "before: 2001-01-01T00:00:00Z is older than cluster.revocation.maxTokenLifetime (2h), so every token it"
            + " could refuse has expired (expected: a recent time)");
  }

  private static void assertProblem(HttpResponse<String> response, String detail) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("bad_request");
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(problem.getString("instance")).isEqualTo("/revocations");
    assertThat(problem.getString("detail")).isEqualTo(detail);
  }

  @Test
  void oversizeBody_is413() {
    HttpResponse<String> response = post("{\"jti\": \"" + "x".repeat(20_000) + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("body_too_large");
  }

  @Test
  void wrongMethod_is405WithAllow() {
    HttpResponse<String> get = gateway.adminGet("/revocations");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");

    HttpResponse<String> postStatus = gateway.adminSend(HttpRequest.newBuilder(URI.create(admin("/revocations/status")))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(postStatus.statusCode()).isEqualTo(405);
    assertThat(postStatus.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void status_namesTheInMemoryStoreAndItsCounts() {
    post("{\"jti\": \"counted\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}");

    HttpResponse<String> response = gateway.adminGet("/revocations/status");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject status = new JsonObject(response.body());
    assertThat(status.getString("store")).isEqualTo("memory");
    assertThat(status.getInteger("revokedTokens")).isPositive();
    assertThat(status.containsKey("redis")).isFalse();
  }
}
