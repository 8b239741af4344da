package dev.portico.observe.trace;

import dev.portico.error.ErrorCode;
import dev.portico.pipeline.AttributeKey;
import dev.portico.pipeline.Exchange;
import dev.portico.runtime.Route;
import dev.portico.security.Identity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * One request's SERVER span and the context its upstream calls are children of. It lives on the
 * {@link Exchange} under {@link #KEY} only when tracing is on; code on the request path finds it
 * there (or not) instead of in a thread local, which an event loop shares between requests.
 */
public final class RequestTrace {
  public static final AttributeKey<RequestTrace> KEY = AttributeKey.of("trace");

  private final Tracer tracer;
  private final Span span;
  private final Context context;
  private final Propagation propagation;

  RequestTrace(Tracer tracer, Span span, Context context, Propagation propagation) {
    this.tracer = tracer;
    this.span = span;
    this.context = context;
    this.propagation = propagation;
  }

  /** The trace id (the client's when it sent one), in hex. */
  public String traceId() {
    return span.getSpanContext().getTraceId();
  }

  /** The gateway's SERVER span id, in hex. */
  public String spanId() {
    return span.getSpanContext().getSpanId();
  }

  /** A CLIENT span for one call to an upstream target, child of this request's span. */
  ClientSpan startClient(String name, String upstream, String host, int port, String method, String aggregateCall) {
    var builder = tracer.spanBuilder(name)
        .setSpanKind(SpanKind.CLIENT)
        .setParent(context)
        .setAttribute(SpanAttributes.HTTP_REQUEST_METHOD, method)
        .setAttribute(SpanAttributes.SERVER_ADDRESS, host)
        .setAttribute(SpanAttributes.SERVER_PORT, (long) port)
        .setAttribute(SpanAttributes.UPSTREAM, upstream);
    if (aggregateCall != null) {
      builder.setAttribute(SpanAttributes.AGGREGATE_CALL, aggregateCall);
    }
    Span client = builder.startSpan();
    return new ClientSpan(client, context.with(client), propagation);
  }

  /**
   * Ends the SERVER span with the request's outcome: named {@code METHOD template} once routed, with
   * the route, status, error code and the consumer and tenant when authentication identified them.
   */
  public void end(Exchange exchange, int status) {
    end(exchange.request().method().name(), exchange.route(), status, exchange.requestId(),
        exchange.get(Identity.KEY), exchange.errorCode());
  }

  void end(String method, Route route, int status, String requestId, Identity identity, ErrorCode code) {
    if (span.isRecording()) {
      if (route != null) {
        String template = route.config().match().path();
        span.updateName(method + " " + template);
        span.setAttribute(SpanAttributes.HTTP_ROUTE, template);
        span.setAttribute(SpanAttributes.ROUTE, route.id());
      }
      if (status > 0) {
        span.setAttribute(SpanAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
      }
      span.setAttribute(SpanAttributes.REQUEST_ID, requestId);
      if (identity != null) {
        if (identity.consumer() != null) {
          span.setAttribute(SpanAttributes.CONSUMER, identity.consumer());
        }
        if (identity.tenant() != null) {
          span.setAttribute(SpanAttributes.TENANT, identity.tenant());
        }
      }
      if (code != null) {
        span.setAttribute(SpanAttributes.ERROR_TYPE, code.code());
      }
      // 4xx is the client's doing, not a failure of the server (OpenTelemetry's HTTP conventions).
      if (status >= 500 || (status == 0 && code != null)) {
        span.setStatus(StatusCode.ERROR);
      }
    }
    span.end();
  }
}
