package dev.portico.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limits on one instance, through the gateway to a real upstream. */
class LocalRateLimitIT {
  Vertx vertx;
  TestUpstream upstream;
  TestGateway gateway;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.echo(vertx, "orders");
    gateway = TestGateway.start("""
        upstreams:
          orders: { targets: [%s] }
        routes:
          - id: orders
            match: { path: /orders/** }
            upstream: orders
            rateLimit: { per: ip, limit: 5/h }
          - id: two-quotas
            match: { path: /both/** }
            upstream: orders
            rateLimit:
              - { per: ip, limit: 3/s, name: burst }
              - { per: route, limit: 4/day, name: daily }
          - id: by-header
            match: { path: /by-header/** }
            upstream: orders
            rateLimit: { per: "header:X-Client", limit: 1/h }
          - { id: free, match: { path: /free/** }, upstream: orders }
        """.formatted(upstream.url()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
    vertx.close();
  }

  @Test
  void allowsTheLimitThenAnswers429WithRetryAfterAndTheUpstreamSeesNoMore() {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> ok = Http.get(gateway.url("/orders/" + i));
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("RateLimit-Policy")).hasValue("\"5-per-h\";q=5;w=3600");
      String remaining = "\"5-per-h\";r=" + (4 - i) + ";t=";
      assertThat(ok.headers().firstValue("RateLimit")).hasValueSatisfying(v -> assertThat(v).startsWith(remaining));
    }
    HttpResponse<String> refused = Http.get(gateway.url("/orders/6"));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(refused.body()).getString("code")).isEqualTo("rate_limited");
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(700L, 720L); // one 720 s interval, less the time the test took
    assertThat(refused.headers().firstValue("RateLimit")).hasValueSatisfying(v -> assertThat(v).contains(";r=0;"));
    assertThat(upstream.received()).hasSize(5);
  }

  @Test
  void trailingSlashQueryAndSpoofedForwardedForShareTheSameBucket() {
    String[] spellings = {"/orders/a", "/orders/a/", "/orders/a?x=1", "/orders//a", "/orders/./a"};
    for (String path : spellings) {
      assertThat(Http.get(gateway.url(path), "X-Forwarded-For", "10.9.8." + path.length()).statusCode())
          .as(path).isEqualTo(200);
    }
    assertThat(Http.get(gateway.url("/orders/a"), "X-Forwarded-For", "203.0.113.7").statusCode()).isEqualTo(429);
    assertThat(Http.get(gateway.url("/free/a")).statusCode()).as("other routes are not limited").isEqualTo(200);
  }

  @Test
  void aRequestRefusedByOneQuotaDoesNotUseUpTheOther() {
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(gateway.url("/both/x")).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> burst = Http.get(gateway.url("/both/x"));
    assertThat(burst.statusCode()).isEqualTo(429);
    assertThat(burst.headers().firstValue("RateLimit-Policy"))
        .hasValue("\"burst\";q=3;w=1, \"daily\";q=4;w=86400");
    assertThat(burst.headers().firstValue("RateLimit")).hasValueSatisfying(
        v -> assertThat(v).contains("\"daily\";r=1;"));
  }

  @Test
  void headerLimitsCountPerHeaderValue() {
    assertThat(Http.get(gateway.url("/by-header/1"), "X-Client", "a").statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/by-header/1"), "X-Client", "a").statusCode()).isEqualTo(429);
    assertThat(Http.get(gateway.url("/by-header/1"), "X-Client", "b").statusCode()).isEqualTo(200);
  }

  @Test
  void bucketsSurviveAConfigReload() throws Exception {
    for (int i = 0; i < 5; i++) {
      Http.get(gateway.url("/orders/x"));
    }
    String yaml = Files.readString(gateway.file());
    gateway.rewrite(yaml + "  - { id: added, match: { path: /added/** }, upstream: orders }\n");
    gateway.gateway().reload().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(Http.get(gateway.url("/added/x")).statusCode()).as("the new config is live").isEqualTo(200);
    assertThat(Http.get(gateway.url("/orders/x")).statusCode()).isEqualTo(429);
  }
}
