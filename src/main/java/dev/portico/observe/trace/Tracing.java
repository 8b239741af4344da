package dev.portico.observe.trace;

import dev.portico.config.TracingConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's tracer: an OpenTelemetry SDK tracer provider sampling new traces at the configured
 * ratio (a client's sampled parent is followed), exporting over OTLP/HTTP from the batch span
 * processor's own thread. Spans wait in a bounded queue; when it is full they are dropped, so a
 * slow or absent collector never slows a request. Built once per process, closed on shutdown.
 */
public final class Tracing implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Tracing.class);
  private static final String INSTRUMENTATION = "dev.portico";
  static final int MAX_QUEUE_SIZE = 8192;
  static final int MAX_EXPORT_BATCH = 512;
  static final Duration SCHEDULE_DELAY = Duration.ofSeconds(1);
  /** How long shutdown waits for the last spans to be exported. */
  static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider.get(INSTRUMENTATION);
  }

  public static Tracing start(TracingConfig config) {
    Tracing tracing = create(config, otlpExporter(config));
    log.info("Tracing: sampling {}% of new traces, exporting to {}", config.sampling() * 100, config.endpoint());
    return tracing;
  }

  private static SpanExporter otlpExporter(TracingConfig config) {
    OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(config.endpoint().toString())
        .setTimeout(config.timeout())
        .setConnectTimeout(config.timeout());
    config.headers().forEach(exporter::addHeader);
    return new FailureLoggingExporter(exporter.build(), config.endpoint().toString());
  }

  /** The tracer provider of {@code config} with {@code exporter} behind its batch processor. */
  static Tracing create(TracingConfig config, SpanExporter exporter) {
    BatchSpanProcessor batches = BatchSpanProcessor.builder(exporter)
        .setMaxQueueSize(MAX_QUEUE_SIZE)
        .setMaxExportBatchSize(MAX_EXPORT_BATCH)
        .setScheduleDelay(SCHEDULE_DELAY)
        // The exporter's own deadline plus room for its retries' backoff.
        .setExporterTimeout(config.timeout().multipliedBy(2))
        .build();
    Resource resource = Resource.getDefault().merge(Resource.create(
        Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName())));
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource)
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.sampling())))
        .addSpanProcessor(batches)
        .build();
    return new Tracing(provider);
  }

  /**
   * Starts the SERVER span of a request, as a child of the client's trace context when it sent one
   * (W3C {@code traceparent}, else B3). Its name is the method until the route is known.
   */
  public RequestTrace startRequest(HttpServerRequest request) {
    return startRequest(request.headers(), request.method().name());
  }

  RequestTrace startRequest(MultiMap headers, String method) {
    Propagation propagation = Propagation.of(headers);
    Context parent = propagation.extract(headers);
    Span span = tracer.spanBuilder(method)
        .setSpanKind(SpanKind.SERVER)
        .setParent(parent)
        .setAttribute(SpanAttributes.HTTP_REQUEST_METHOD, method)
        .startSpan();
    return new RequestTrace(tracer, span, parent.with(span), propagation);
  }

  /** Exports what is queued, waiting at most {@link #CLOSE_DEADLINE}. */
  @Override
  public void close() {
    if (!provider.shutdown().join(CLOSE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).isSuccess()) {
      log.warn("Tracing: not every span was exported before shutdown");
    }
  }
}
