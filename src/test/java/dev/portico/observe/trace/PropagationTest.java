package dev.portico.observe.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class PropagationTest {
  static final String W3C_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String B3_TRACE = "0af7651916cd43dd8448eb211c80319c";

  private static MultiMap headers(String... pairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Test
  void traceparentWinsOverB3_whenAClientSendsBoth() {
    MultiMap in = headers("traceparent", "00-" + W3C_TRACE + "-00f067aa0ba902b7-01",
        "b3", B3_TRACE + "-b7ad6b7169203331-1");

    Propagation propagation = Propagation.of(in);

    assertThat(propagation).isEqualTo(Propagation.W3C);
    assertThat(Span.fromContext(propagation.extract(in)).getSpanContext().getTraceId()).isEqualTo(W3C_TRACE);
  }

  @Test
  void multiHeaderB3_isRecognisedAndRead() {
    MultiMap in = headers("X-B3-TraceId", B3_TRACE, "X-B3-SpanId", "b7ad6b7169203331", "X-B3-Sampled", "1");

    Propagation propagation = Propagation.of(in);

    assertThat(propagation).isEqualTo(Propagation.B3_MULTI);
    SpanContext parent = Span.fromContext(propagation.extract(in)).getSpanContext();
    assertThat(parent.getTraceId()).isEqualTo(B3_TRACE);
    assertThat(parent.isRemote()).isTrue();
    assertThat(parent.isSampled()).isTrue();
  }

  @Test
  void invalidTraceparent_startsANewTrace() {
    MultiMap in = headers("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01");

    assertThat(Span.fromContext(Propagation.of(in).extract(in)).getSpanContext().isValid()).isFalse();
  }

  @Test
  void inject_replacesEveryClientTraceHeader_andAddsB3OnlyForB3Clients() {
    SpanContext ours = SpanContext.create(W3C_TRACE, "1111222233334444", TraceFlags.getSampled(),
        TraceState.getDefault());
    Context context = Context.root().with(Span.wrap(ours));
    MultiMap out = headers("traceparent", "00-" + B3_TRACE + "-00f067aa0ba902b7-01", "X-B3-TraceId", B3_TRACE,
        "X-B3-SpanId", "b7ad6b7169203331", "b3", "stale", "Accept", "application/json");

    Propagation.W3C.inject(context, out);

    assertThat(out.get("traceparent")).isEqualTo("00-" + W3C_TRACE + "-1111222233334444-01");
    assertThat(out.names()).doesNotContain("b3", "X-B3-TraceId", "X-B3-SpanId").contains("Accept");

    Propagation.B3_SINGLE.inject(context, out);
    assertThat(out.get("b3")).isEqualTo(W3C_TRACE + "-1111222233334444-1");
  }
}
