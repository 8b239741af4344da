package dev.portico.observe.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sampling decides what is exported, never what is propagated. */
class SamplingIT {
  Vertx vertx;
  OtlpReceiver receiver;
  TestUpstream backend;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    receiver = OtlpReceiver.start(vertx);
    backend = TestUpstream.echo(vertx, "backend");
  }

  @AfterEach
  void stop() {
    backend.close();
    receiver.close();
    vertx.close();
  }

  private TestGateway gateway(String sampling) {
    return TestGateway.start("""
        tracing: { sampling: "%s", otlp: { endpoint: "%s" } }
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: items, match: { path: /items/** }, upstream: backend }
        """.formatted(sampling, receiver.endpoint(), backend.url()));
  }

  @Test
  void zeroPercent_exportsNothingButStillPropagatesAContext() {
    String unsampledParent = "00-5b8aa5a2d2c872e8321cf37308d69df2-051581bf3cb55c13-00";
    try (TestGateway gateway = gateway("0%")) {
      Http.get(gateway.url("/items/new"));
      Http.get(gateway.url("/items/child"), "traceparent", unsampledParent);
    } // shutdown flushes whatever was queued

    assertThat(receiver.spans()).isEmpty();
    String fresh = backend.received().get(0).headers().get("traceparent");
    // Flags: not sampled (bit 0 clear); bit 1 is W3C level 2's "random trace id".
    assertThat(fresh).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]");
    String child = backend.received().get(1).headers().get("traceparent");
    assertThat(child).startsWith("00-5b8aa5a2d2c872e8321cf37308d69df2-").endsWith("-00")
        .isNotEqualTo(unsampledParent);
  }

  @Test
  void zeroPercent_stillFollowsAClientsSampledParent() throws Exception {
    String traceId = "5b8aa5a2d2c872e8321cf37308d69df2";
    try (TestGateway gateway = gateway("0")) {
      Http.get(gateway.url("/items/sampled"), "traceparent", "00-" + traceId + "-051581bf3cb55c13-01");
    }

    assertThat(receiver.awaitTrace(traceId, 2)).hasSize(2);
  }

  @Test
  void tracingOff_passesTheClientsTraceHeadersThroughUntouched() {
    String parent = "00-5b8aa5a2d2c872e8321cf37308d69df2-051581bf3cb55c13-01";
    try (TestGateway gateway = TestGateway.start("""
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: items, match: { path: /items/** }, upstream: backend }
        """.formatted(backend.url()))) {
      Http.get(gateway.url("/items/off"), "traceparent", parent, "b3", "5b8aa5a2d2c872e8321cf37308d69df2-051581bf3cb55c13-1");
    }

    assertThat(backend.last().headers().get("traceparent")).isEqualTo(parent);
    assertThat(backend.last().headers().get("b3")).isEqualTo("5b8aa5a2d2c872e8321cf37308d69df2-051581bf3cb55c13-1");
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void unreachableCollector_neverFailsRequests() {
    TestUpstream closed = TestUpstream.echo(vertx, "closed");
    String endpoint = "http://127.0.0.1:" + closed.port() + "/v1/traces";
    closed.close();
    try (TestGateway gateway = TestGateway.start("""
        tracing: { sampling: 100%%, otlp: { endpoint: "%s", timeout: 200ms } }
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: items, match: { path: /items/** }, upstream: backend }
        """.formatted(endpoint, backend.url()))) {
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> response = Http.get(gateway.url("/items/" + i));
        assertThat(response.statusCode()).isEqualTo(200);
      }
    }
  }
}
