package dev.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Route precedence and path normalisation through the real server, seen from the upstreams. */
class RoutingIT {
  static final String[] UPSTREAMS = {"exact", "template", "prefix", "prio", "exacthost", "wildhost", "beta",
      "stable", "getonly", "admin", "public"};

  static Vertx vertx;
  static final Map<String, TestUpstream> upstreams = new LinkedHashMap<>();
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    StringBuilder yaml = new StringBuilder("upstreams:\n");
    for (String name : UPSTREAMS) {
      TestUpstream upstream = TestUpstream.echo(vertx, name);
      upstreams.put(name, upstream);
      yaml.append("  ").append(name).append(": { targets: [").append(upstream.url()).append("] }\n");
    }
    yaml.append("""
        routes:
          - { id: prefix, match: { path: /things/** }, upstream: prefix }
          - { id: template, match: { path: "/things/{id}" }, upstream: template }
          - { id: exact, match: { path: /things/special }, upstream: exact }
          - { id: prio-exact, match: { path: /prio/exact }, upstream: exact }
          - { id: prio, priority: 10, match: { path: /prio/** }, upstream: prio }
          - { id: wildhost, match: { hosts: ["*.example.com"], path: /hosted/** }, upstream: wildhost }
          - { id: exacthost, match: { hosts: [api.example.com], path: /hosted/** }, upstream: exacthost }
          - { id: stable, match: { path: /hdr/** }, upstream: stable }
          - { id: beta, match: { path: /hdr/**, headers: { X-Beta: "1" } }, upstream: beta }
          - { id: getonly, match: { path: /only-get, methods: [GET] }, upstream: getonly }
          - { id: admin, match: { path: /admin/** }, upstream: admin }
          - { id: public, match: { path: /public/** }, upstream: public }
        """);
    gateway = TestGateway.start(yaml.toString());
  }

  @AfterAll
  static void stop() {
    gateway.close();
    upstreams.values().forEach(TestUpstream::close);
    vertx.close();
  }

  @Test
  void exactBeatsTemplateBeatsPrefix() throws IOException {
    assertThat(upstreamFor("GET", "/things/special")).isEqualTo("exact");
    assertThat(upstreamFor("GET", "/things/42")).isEqualTo("template");
    assertThat(upstreamFor("GET", "/things/42/parts")).isEqualTo("prefix");
    assertThat(upstreams.get("template").last().uri()).isEqualTo("/things/42");
  }

  @Test
  void priorityOverridesSpecificity() throws IOException {
    assertThat(upstreamFor("GET", "/prio/exact")).isEqualTo("prio");
  }

  @Test
  void exactHostBeatsWildcardHost() throws IOException {
    assertThat(send("GET", "/hosted/x", "api.example.com").header("X-Upstream")).isEqualTo("exacthost");
    assertThat(send("GET", "/hosted/x", "www.example.com").header("X-Upstream")).isEqualTo("wildhost");
    assertThat(send("GET", "/hosted/x", "www.example.org").status()).isEqualTo(404);
  }

  @Test
  void headerConditionedRouteWinsWhenTheHeaderIsPresent() throws IOException {
    assertThat(send("GET", "/hdr/x", "gw", "X-Beta: 1").header("X-Upstream")).isEqualTo("beta");
    assertThat(send("GET", "/hdr/x", "gw", "X-Beta: 2").header("X-Upstream")).isEqualTo("stable");
    assertThat(send("GET", "/hdr/x", "gw").header("X-Upstream")).isEqualTo("stable");
  }

  @Test
  void wrongMethodIs405ProblemWithAllow() throws IOException {
    int before = upstreams.get("getonly").started();

    RawHttp.Response response = send("DELETE", "/only-get", "gw");

    assertProblem(response, 405, "method_not_allowed");
    assertThat(response.header("Allow")).contains("GET");
    assertThat(upstreams.get("getonly").started()).isEqualTo(before);
  }

  @Test
  void headReachesARouteThatAllowsGet() throws IOException {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      RawHttp.Response response = connection.send("HEAD /only-get HTTP/1.1\r\nHost: gw\r\n\r\n").readHead();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("X-Upstream")).isEqualTo("getonly");
    }
    assertThat(upstreams.get("getonly").last().method()).isEqualTo("HEAD");
  }

  @Test
  void unmatchedPathIs404Problem() throws IOException {
    assertProblem(send("GET", "/nowhere", "gw"), 404, "no_route");
  }

  /**
   * Each spelling either reaches the admin route's upstream as the canonical path, or is refused:
   * never the public upstream, which might resolve it to admin itself.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/public/../admin        | /admin",
      "/public/%2e%2e/admin    | /admin",
      "/public/%2E%2e/admin/x  | /admin/x",
      "//admin                 | /admin",
      "/%61dmin                | /admin",
      "/admin/./x/../y         | /admin/y",
      "/admin%2Fsecret         | 400",
      "/public/..;/admin       | 400",
      "/public/%2e%2e;/admin   | 400",
      "/public/..;x=1/admin    | 400",
      "/public/.;/admin        | 400",
      "/public/..%3B/admin     | 400",
  })
  void everySpellingOfAdminReachesAdminOrIsRefused(String raw, String expected) throws IOException {
    int publicBefore = upstreams.get("public").started();
    int adminBefore = upstreams.get("admin").started();

    RawHttp.Response response = send("GET", raw, "gw");

    if (expected.equals("400")) {
      assertProblem(response, 400, "invalid_path");
      assertThat(upstreams.get("admin").started()).isEqualTo(adminBefore);
    } else {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("X-Upstream")).isEqualTo("admin");
      assertThat(upstreams.get("admin").last().uri()).isEqualTo(expected);
    }
    assertThat(upstreams.get("public").started()).isEqualTo(publicBefore);
  }

  static String upstreamFor(String method, String path) throws IOException {
    RawHttp.Response response = send(method, path, "gw");
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    return response.header("X-Upstream");
  }

  static RawHttp.Response send(String method, String target, String host, String... headers) throws IOException {
    StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      return connection.send(request.append("\r\n").toString()).read();
    }
  }

  static void assertProblem(RawHttp.Response response, int status, String code) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = new JsonObject(response.bodyText());
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getString("requestId")).isEqualTo(response.header("X-Request-Id"));
  }
}
