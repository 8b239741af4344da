package dev.portico.observe.trace;

import dev.portico.pipeline.Exchange;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.vertx.core.MultiMap;

/**
 * The CLIENT span of one upstream call attempt. {@link #NONE} stands in when tracing is off, so call
 * sites need no checks and the client's own trace headers pass to the upstream untouched. Ending is
 * idempotent: the first outcome reported wins.
 */
public final class ClientSpan {
  public static final ClientSpan NONE = new ClientSpan(null, null, null);

  private final Span span;
  private final Context context;
  private final Propagation propagation;
  private boolean ended;

  ClientSpan(Span span, Context context, Propagation propagation) {
    this.span = span;
    this.context = context;
    this.propagation = propagation;
  }

  /** A span for a proxied call attempt, or {@link #NONE} when the request is not traced. */
  public static ClientSpan start(Exchange exchange, String upstream, String host, int port, String method) {
    RequestTrace trace = exchange.get(RequestTrace.KEY);
    return trace == null ? NONE : trace.startClient(method + " " + upstream, upstream, host, port, method, null);
  }

  /** A span for one call of an aggregate, named after the call. */
  public static ClientSpan startAggregateCall(Exchange exchange, String call, String upstream, String host, int port,
      String method) {
    RequestTrace trace = exchange.get(RequestTrace.KEY);
    return trace == null ? NONE : trace.startClient(method + " " + call, upstream, host, port, method, call);
  }

  /** Replaces the trace headers in the upstream request's {@code headers} with this span's context. */
  public void inject(MultiMap headers) {
    if (span != null) {
      propagation.inject(context, headers);
    }
  }

  /** Records the upstream's response status; a 5xx marks the span as failed. */
  public void status(int status) {
    if (span != null && !ended && span.isRecording()) {
      span.setAttribute(SpanAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
    }
  }

  public void end() {
    if (span != null && !ended) {
      ended = true;
      span.end();
    }
  }

  /** Ends the span as failed: no response, or the exchange broke off. */
  public void fail(Throwable cause) {
    if (span != null && !ended) {
      if (span.isRecording()) {
        span.setStatus(StatusCode.ERROR, cause == null ? "" : cause.getClass().getSimpleName());
        if (cause != null) {
          span.setAttribute(SpanAttributes.ERROR_TYPE, cause.getClass().getName());
        }
      }
      end();
    }
  }
}
