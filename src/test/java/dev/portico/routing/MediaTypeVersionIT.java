package dev.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Versions chosen by a media-type parameter of {@code Accept}, over real sockets. */
class MediaTypeVersionIT {
  static Vertx vertx;
  static TestUpstream v1;
  static TestUpstream v2;
  static TestUpstream fallback;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    v1 = TestUpstream.echo(vertx, "v1");
    v2 = TestUpstream.echo(vertx, "v2");
    fallback = TestUpstream.echo(vertx, "default");
    // the default route comes first: the versioned ones still win, being more specific
    gateway = TestGateway.start("""
        upstreams:
          v1: { targets: [%s] }
          v2: { targets: [%s] }
          default: { targets: [%s] }
        routes:
          - { id: orders, match: { path: /orders/** }, upstream: default }
          - id: orders-v1
            match: { path: /orders/**, mediaType: { type: application/vnd.shop+json, param: version, value: "1" } }
            upstream: v1
          - id: orders-v2
            match: { path: /orders/**, mediaType: { type: application/vnd.shop+json, param: version, value: "2" } }
            upstream: v2
          - id: items-v2
            match: { path: /items/**, mediaType: { param: v, value: "2" } }
            upstream: v2
          - { id: items, match: { path: /items/** }, upstream: default }
          - { id: other, match: { path: /other/** }, upstream: default }
        """.formatted(v1.url(), v2.url(), fallback.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    v1.close();
    v2.close();
    fallback.close();
    vertx.close();
  }

  static String upstreamFor(String path, String... headers) {
    var response = Http.get(gateway.url(path), headers);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("X-Upstream").orElseThrow();
  }

  static String orders(String... headers) {
    return upstreamFor("/orders/1", headers);
  }

  @Test
  void theVersionParameterChoosesTheRoute() {
    assertThat(orders("Accept", "application/vnd.shop+json; version=1")).isEqualTo("v1");
    assertThat(orders("Accept", "application/vnd.shop+json; version=2")).isEqualTo("v2");
  }

  @Test
  void withoutTheParameterTheDefaultRouteAnswers() {
    assertThat(orders()).isEqualTo("default");
    assertThat(orders("Accept", "application/vnd.shop+json")).isEqualTo("default");
    assertThat(orders("Accept", "application/vnd.shop+json; version=3")).isEqualTo("default");
    assertThat(orders("Accept", "application/json; version=2")).isEqualTo("default"); // another type
    assertThat(orders("Accept-Version", "2")).isEqualTo("default");
  }

  @Test
  void oddSpellingsOfTheSameVersionBehave() {
    assertThat(orders("Accept", "Application/VND.Shop+Json;VERSION=\"2\"")).isEqualTo("v2");
    assertThat(orders("Accept", "application/vnd.shop+json ;  version = 2")).isEqualTo("v2");
    assertThat(orders("Accept", "text/html;q=0.9, application/vnd.shop+json; version=\"1\"")).isEqualTo("v1");
  }

  @Test
  void theClientsPreferenceDecidesBetweenTwoVersions() {
    assertThat(orders("Accept", "application/vnd.shop+json; version=1; q=0.4, application/vnd.shop+json; version=2"))
        .isEqualTo("v2");
    assertThat(orders("Accept", "application/vnd.shop+json; version=1, application/vnd.shop+json; version=2; q=0"))
        .isEqualTo("v1");
  }

  @Test
  void answersOfTheVersionedPathVaryOnAccept() {
    var versioned = Http.get(gateway.url("/orders/1"), "Accept", "application/vnd.shop+json; version=2");
    var fallback = Http.get(gateway.url("/orders/1"));
    assertThat(versioned.headers().allValues("Vary")).containsExactly("Accept");
    assertThat(fallback.headers().allValues("Vary")).containsExactly("Accept");
    assertThat(Http.get(gateway.url("/other/1")).headers().allValues("Vary")).isEmpty();
  }

  @Test
  void aVersionOnASecondAcceptLineCounts() {
    assertThat(orders("Accept", "text/html", "Accept", "application/vnd.shop+json; version=2")).isEqualTo("v2");
  }

  @Test
  void aRouteWithoutATypeReadsTheParameterOfAnyMediaRange() {
    assertThat(upstreamFor("/items/1", "Accept", "application/json; v=2")).isEqualTo("v2");
    assertThat(upstreamFor("/items/1", "Accept", "application/json; v=1")).isEqualTo("default");
    assertThat(upstreamFor("/items/1", "Accept", "application/json; q=0.5; v=2")).isEqualTo("default");
  }
}
