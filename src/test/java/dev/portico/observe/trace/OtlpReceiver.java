package dev.portico.observe.trace;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real OTLP/HTTP traces receiver on an ephemeral port: accepts {@code POST /v1/traces} with a
 * protobuf {@code ExportTraceServiceRequest}, decodes it with the OpenTelemetry proto classes and
 * keeps every span.
 */
final class OtlpReceiver implements AutoCloseable {
  /** A received span, ids in hex as the API shows them. */
  record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
      Map<String, String> attributes, boolean error, String serviceName) {}

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<String> exportHeaders = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpReceiver start(Vertx vertx) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.requestHandler(request -> request.body().onSuccess(body -> {
      if (!request.path().equals("/v1/traces") || !"POST".equals(request.method().name())) {
        request.response().setStatusCode(404).end();
        return;
      }
      receiver.exportHeaders.add(String.valueOf(request.getHeader("x-token")));
      try {
        receiver.accept(ExportTraceServiceRequest.parseFrom(body.getBytes()));
      } catch (InvalidProtocolBufferException e) {
        request.response().setStatusCode(400).end();
        return;
      }
      request.response().putHeader("Content-Type", "application/x-protobuf")
          .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
    }));
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return receiver;
  }

  private void accept(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service = resource.getResource().getAttributesList().stream()
          .filter(kv -> kv.getKey().equals("service.name")).map(kv -> kv.getValue().getStringValue())
          .findFirst().orElse(null);
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          Map<String, String> attributes = span.getAttributesList().stream().collect(Collectors.toMap(
              KeyValue::getKey, kv -> kv.getValue().hasIntValue()
                  ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue()));
          spans.add(new ReceivedSpan(hex.formatHex(span.getTraceId().toByteArray()),
              hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
              span.getName(), span.getKind(), attributes,
              span.getStatus().getCode() == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR,
              service));
        }
      }
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1/traces";
  }

  List<ReceivedSpan> spans() {
    return new ArrayList<>(spans);
  }

  /** The {@code x-token} header of each export request. */
  List<String> exportHeaders() {
    return new ArrayList<>(exportHeaders);
  }

  /** Waits (bounded) until {@code count} spans of {@code traceId} arrived; returns them. */
  List<ReceivedSpan> awaitTrace(String traceId, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    List<ReceivedSpan> trace = List.of();
    while (System.nanoTime() < deadline) {
      trace = spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
      if (trace.size() >= count) {
        break;
      }
      Thread.sleep(20);
    }
    return trace;
  }

  @Override
  public void close() {
    server.close();
  }
}
