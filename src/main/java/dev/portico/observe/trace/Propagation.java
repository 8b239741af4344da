package dev.portico.observe.trace;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.vertx.core.MultiMap;
import java.util.List;

/**
 * How a client carried its trace context, which decides how the gateway passes it on: W3C trace
 * context always, and B3 too (in the client's single- or multi-header form) when the client used B3.
 * {@code traceparent} wins when a client sends both.
 */
enum Propagation {
  NONE, W3C, B3_SINGLE, B3_MULTI;

  /** Every trace-context header the gateway replaces with its own on the way upstream. */
  static final List<String> HEADERS = List.of("traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid",
      "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags");

  private static final TextMapPropagator W3C_PROPAGATOR = W3CTraceContextPropagator.getInstance();
  private static final TextMapPropagator B3_SINGLE_PROPAGATOR = B3Propagator.injectingSingleHeader();
  private static final TextMapPropagator B3_MULTI_PROPAGATOR = B3Propagator.injectingMultiHeaders();

  static final TextMapGetter<MultiMap> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(MultiMap carrier) {
      return carrier.names();
    }

    @Override
    public String get(MultiMap carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  static final TextMapSetter<MultiMap> SETTER = (carrier, key, value) -> {
    if (carrier != null) {
      carrier.set(key, value);
    }
  };

  static Propagation of(MultiMap headers) {
    if (headers.contains("traceparent")) {
      return W3C;
    }
    if (headers.contains("b3")) {
      return B3_SINGLE;
    }
    return headers.contains("x-b3-traceid") ? B3_MULTI : NONE;
  }

  /** The client's context; the root context (a new trace) when it sent none or an invalid one. */
  Context extract(MultiMap headers) {
    return switch (this) {
      case NONE -> Context.root();
      case W3C -> W3C_PROPAGATOR.extract(Context.root(), headers, GETTER);
      // Either B3 propagator reads both forms.
      case B3_SINGLE, B3_MULTI -> B3_SINGLE_PROPAGATOR.extract(Context.root(), headers, GETTER);
    };
  }

  /** Replaces whatever trace headers {@code headers} carry with {@code context}'s. */
  void inject(Context context, MultiMap headers) {
    for (String name : HEADERS) {
      headers.remove(name);
    }
    W3C_PROPAGATOR.inject(context, headers, SETTER);
    if (this == B3_SINGLE) {
      B3_SINGLE_PROPAGATOR.inject(context, headers, SETTER);
    } else if (this == B3_MULTI) {
      B3_MULTI_PROPAGATOR.inject(context, headers, SETTER);
    }
  }
}
