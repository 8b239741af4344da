package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadSheddingIT {
  Vertx vertx;
  TestUpstream upstream;
  TestGateway gateway;
  final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, held::add);
    gateway = TestGateway.start("""
        upstreams:
          slow: { targets: [%s] }
        routes:
          - { id: capped, match: { path: /capped/** }, upstream: slow, maxInFlight: 2 }
        """.formatted(upstream.url()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
    vertx.close();
  }

  @Test
  void beyondMaxInFlightTheRouteAnswers503AtOnceAndRecoversWhenSlotsFree() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/capped/x"))).build();
    CompletableFuture<HttpResponse<String>> first = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> second = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (held.size() < 2) {
      assertThat(System.nanoTime()).as("both requests reach the upstream").isLessThan(deadline);
      Thread.sleep(5);
    }

    HttpResponse<String> shed = Http.get(gateway.url("/capped/y"));
    assertThat(shed.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(shed.body()).getString("code")).isEqualTo("overloaded");
    assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(held).hasSize(2);

    held.forEach(r -> r.response().end("done"));
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    held.clear();

    CompletableFuture<HttpResponse<String>> third = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    while (held.isEmpty()) {
      assertThat(System.nanoTime()).as("slots were released").isLessThan(deadline);
      Thread.sleep(5);
    }
    held.forEach(r -> r.response().end("done"));
    assertThat(third.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(Http.get("http://127.0.0.1:" + gateway.adminPort() + "/metrics").body())
        .contains("portico_requests_shed_total{route=\"capped\"} 1.0");
  }
}
