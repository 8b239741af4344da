package dev.portico.observe.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.observe.trace.OtlpReceiver.ReceivedSpan;
import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Traces on real sockets: a gateway exporting over OTLP/HTTP to a receiver started here. */
class TracingIT {
  static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CLIENT_SPAN = "00f067aa0ba902b7";

  static Vertx vertx;
  static OtlpReceiver receiver;
  static TestUpstream shop;
  static TestGateway gateway;
  static final AtomicInteger flakyCalls = new AtomicInteger();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    receiver = OtlpReceiver.start(vertx);
    shop = TestUpstream.start(vertx, TracingIT::answer);
    gateway = TestGateway.start("""
        tracing:
          sampling: 100%%
          serviceName: portico-test
          otlp: { endpoint: "%s", timeout: 2s, headers: { x-token: "t0ken" } }
        upstreams:
          shop: { targets: [%s], retry: { attempts: 2, backoff: 1ms, onStatuses: [503] } }
        routes:
          - id: checkout
            match: { path: "/checkout/{orderId}" }
            aggregate:
              order:    { upstream: shop, path: "/orders/{orderId}", required: true }
              customer: { upstream: shop, path: "/customers/7" }
          - id: items
            match: { path: /items/** }
            upstream: shop
          - id: edited
            match: { path: /edited/** }
            upstream: shop
            transform: { request: { headers: { remove: [X-Debug] } } }
          - id: flaky
            match: { path: /flaky }
            upstream: shop
        """.formatted(receiver.endpoint(), shop.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    shop.close();
    receiver.close();
    vertx.close();
  }

  private static void answer(HttpServerRequest request) {
    if (request.path().equals("/flaky") && flakyCalls.getAndIncrement() == 0) {
      request.response().setStatusCode(503).end();
      return;
    }
    request.response().putHeader("Content-Type", "application/json").end("{\"customerId\":7}");
  }

  private static String traceparent(String traceId, String spanId, boolean sampled) {
    return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
  }

  /** The upstream's copy of the request whose URI is {@code uri}. */
  private static TestUpstream.Received received(String uri) {
    return shop.received().stream().filter(r -> r.uri().equals(uri)).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void aggregateWithClientTraceparent_isOneTraceWithOneServerSpanAndAClientChildPerCall() throws Exception {
    String traceId = "11112222333344445555666677778888";
    HttpResponse<String> response = Http.get(gateway.url("/checkout/42"),
        "traceparent", traceparent(traceId, CLIENT_SPAN, true));
    assertThat(response.statusCode()).isEqualTo(200);

    List<ReceivedSpan> trace = receiver.awaitTrace(traceId, 3);

    assertThat(trace).hasSize(3);
    ReceivedSpan server = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
    assertThat(server.parentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(server.name()).isEqualTo("GET /checkout/{orderId}");
    assertThat(server.attributes()).containsEntry("http.route", "/checkout/{orderId}")
        .containsEntry("portico.route", "checkout").containsEntry("http.request.method", "GET")
        .containsEntry("http.response.status_code", "200");
    assertThat(server.serviceName()).isEqualTo("portico-test");
    List<ReceivedSpan> clients = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).toList();
    assertThat(clients).hasSize(2).allSatisfy(c -> {
      assertThat(c.parentSpanId()).isEqualTo(server.spanId());
      assertThat(c.attributes()).containsEntry("portico.upstream", "shop")
          .containsEntry("server.address", "127.0.0.1").containsEntry("server.port", Integer.toString(shop.port()))
          .containsEntry("http.response.status_code", "200");
    });
    assertThat(clients).extracting(c -> c.attributes().get("portico.aggregate.call"))
        .containsExactlyInAnyOrder("order", "customer");
    // Each upstream request carried its own CLIENT span as parent, in the client's trace.
    assertThat(List.of(received("/orders/42"), received("/customers/7")))
        .extracting(r -> r.headers().get("traceparent"))
        .containsExactlyInAnyOrderElementsOf(clients.stream()
            .map(c -> traceparent(traceId, c.spanId(), true)).toList());
    assertThat(receiver.exportHeaders()).contains("t0ken");
  }

  @Test
  void proxiedRequest_upstreamGetsTheClientsTraceIdWithTheGatewaysClientSpanAsParent() throws Exception {
    HttpResponse<String> response = Http.get(gateway.url("/items/1"),
        "traceparent", traceparent(CLIENT_TRACE, CLIENT_SPAN, true), "tracestate", "vendor=abc");
    assertThat(response.statusCode()).isEqualTo(200);

    List<ReceivedSpan> trace = receiver.awaitTrace(CLIENT_TRACE, 2);

    ReceivedSpan server = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
    ReceivedSpan client = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
    assertThat(server.attributes()).containsEntry("http.route", "/items/**").doesNotContainValue("/items/1");
    assertThat(client.parentSpanId()).isEqualTo(server.spanId());
    assertThat(client.name()).isEqualTo("GET shop");
    TestUpstream.Received upstream = received("/items/1");
    assertThat(upstream.headers().get("traceparent")).isEqualTo(traceparent(CLIENT_TRACE, client.spanId(), true));
    assertThat(upstream.headers().get("tracestate")).isEqualTo("vendor=abc");
    assertThat(upstream.headers().contains("b3")).isFalse();
  }

  @Test
  void vertxClientPath_alsoPropagatesAndRecordsAClientSpan() throws Exception {
    String traceId = "aaaabbbbccccddddeeeeffff00001111";
    Http.get(gateway.url("/edited/1"), "traceparent", traceparent(traceId, CLIENT_SPAN, true));

    List<ReceivedSpan> trace = receiver.awaitTrace(traceId, 2);

    ReceivedSpan client = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
    assertThat(received("/edited/1").headers().get("traceparent"))
        .isEqualTo(traceparent(traceId, client.spanId(), true));
  }

  @Test
  void b3SingleHeader_keepsTheTraceIdAndIsPassedOnAsB3AndTraceparent() throws Exception {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    Http.get(gateway.url("/items/b3"), "b3", traceId + "-b7ad6b7169203331-1");

    List<ReceivedSpan> trace = receiver.awaitTrace(traceId, 2);

    ReceivedSpan server = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
    ReceivedSpan client = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
    assertThat(server.parentSpanId()).isEqualTo("b7ad6b7169203331");
    TestUpstream.Received upstream = received("/items/b3");
    assertThat(upstream.headers().get("b3")).isEqualTo(traceId + "-" + client.spanId() + "-1");
    assertThat(upstream.headers().get("traceparent")).isEqualTo(traceparent(traceId, client.spanId(), true));
  }

  @Test
  void b3MultiHeaders_keepTheTraceIdAndArePassedOnInTheSameForm() throws Exception {
    String traceId = "463ac35c9f6413ad48485a3953bb6124";
    Http.get(gateway.url("/items/b3multi"), "X-B3-TraceId", traceId, "X-B3-SpanId", "a2fb4a1d1a96d312",
        "X-B3-Sampled", "1");

    List<ReceivedSpan> trace = receiver.awaitTrace(traceId, 2);

    ReceivedSpan client = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
    TestUpstream.Received upstream = received("/items/b3multi");
    assertThat(upstream.headers().get("x-b3-traceid")).isEqualTo(traceId);
    assertThat(upstream.headers().get("x-b3-spanid")).isEqualTo(client.spanId());
    assertThat(upstream.headers().contains("b3")).isFalse();
  }

  @Test
  void retriedRequest_hasOneClientSpanPerAttempt() throws Exception {
    String traceId = "99998888777766665555444433332222";
    HttpResponse<String> response = Http.get(gateway.url("/flaky"),
        "traceparent", traceparent(traceId, CLIENT_SPAN, true));
    assertThat(response.statusCode()).isEqualTo(200);

    List<ReceivedSpan> trace = receiver.awaitTrace(traceId, 3);

    List<ReceivedSpan> clients = trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).toList();
    assertThat(clients).extracting(c -> c.attributes().get("http.response.status_code"))
        .containsExactlyInAnyOrder("503", "200");
    assertThat(clients).filteredOn(c -> "503".equals(c.attributes().get("http.response.status_code")))
        .allMatch(ReceivedSpan::error);
  }

  @Test
  void unroutedRequest_hasAServerSpanWithTheStatusAndNoRawPath() throws Exception {
    String traceId = "12121212121212121212121212121212";
    Http.get(gateway.url("/nowhere/secret-id"), "traceparent", traceparent(traceId, CLIENT_SPAN, true));

    List<ReceivedSpan> trace = receiver.awaitTrace(traceId, 1);

    assertThat(trace).singleElement().satisfies(server -> {
      assertThat(server.name()).isEqualTo("GET");
      assertThat(server.attributes()).containsEntry("http.response.status_code", "404")
          .containsEntry("error.type", "no_route").doesNotContainKey("http.route");
      assertThat(server.attributes().values()).noneMatch(v -> v.contains("secret-id"));
      assertThat(server.error()).isFalse();
    });
  }

  @Test
  void upstreamDown_marksTheServerAndClientSpansAsErrors() throws Exception {
    TestUpstream doomed = TestUpstream.echo(vertx, "doomed");
    int port = doomed.port();
    doomed.close();
    String traceId = "abababababababababababababababab";
    try (TestGateway down = TestGateway.start("""
        tracing: { sampling: 1.0, otlp: { endpoint: "%s" } }
        upstreams:
          gone: { targets: [http://127.0.0.1:%d] }
        routes:
          - { id: gone, match: { path: /gone }, upstream: gone }
        """.formatted(receiver.endpoint(), port))) {
      HttpResponse<String> response = Http.get(down.url("/gone"), "traceparent", traceparent(traceId, CLIENT_SPAN, true));
      assertThat(response.statusCode()).isEqualTo(502);
    }

    // A refused connection is tried again at once: one CLIENT span per attempt (two by default).
    List<ReceivedSpan> trace = receiver.awaitTrace(traceId, 3);

    assertThat(trace).hasSize(3).allMatch(ReceivedSpan::error);
    assertThat(trace).filteredOn(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).hasSize(2)
        .allSatisfy(c -> assertThat(c.attributes()).containsKey("error.type"));
  }
}
