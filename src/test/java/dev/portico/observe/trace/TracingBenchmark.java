package dev.portico.observe.trace;

import dev.portico.config.TracingConfig;
import dev.portico.observe.AccessLogEntry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tracing and the access-log line cost a request in-process, in ns/op: a SERVER span, one
 * CLIENT span injected into upstream headers, both ended (at the given sampling, with the real batch
 * processor in front of an exporter that discards), and the formatting of one access-log line
 * (which the access log's writer thread does, not the event loop).
 * Run by {@code bench/observe.sh} with {@code MICRO=1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TracingBenchmark {
  @Param({"0.1", "1.0"})
  public double sampling;

  private Tracing tracing;
  private final MultiMap clientHeaders = MultiMap.caseInsensitiveMultiMap().add("accept", "*/*");
  private AccessLogEntry entry;

  @Setup(Level.Trial)
  public void setUp() {
    SpanExporter discard = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    tracing = Tracing.create(new TracingConfig(sampling, URI.create("http://127.0.0.1:4318/v1/traces"),
        Duration.ofSeconds(2), Map.of(), "bench"), discard);
    entry = new AccessLogEntry(Instant.now(), "9f7252131c95af975b929001ff84f473", "127.0.0.1", "GET",
        "/plain/bytes", "http/1.1", "plain", "127.0.0.1:18380", 200, null, 0, 1024, 0.512, 0.301,
        "092ef5e2b67bb137f19650107ec56b99", "94f1b2493e9609ea", null, null);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tracing.close();
  }

  @Benchmark
  public MultiMap serverAndClientSpan() {
    RequestTrace trace = tracing.startRequest(clientHeaders, "GET");
    ClientSpan client = trace.startClient("GET bench", "bench", "127.0.0.1", 18380, "GET", null);
    MultiMap upstreamHeaders = MultiMap.caseInsensitiveMultiMap();
    client.inject(upstreamHeaders);
    client.status(200);
    client.end();
    trace.end("GET", null, 200, "9f7252131c95af975b929001ff84f473", null, null);
    upstreamHeaders.set("x-ids", trace.traceId() + trace.spanId());
    return upstreamHeaders;
  }

  @Benchmark
  public String accessLogLine() {
    return entry.toJson();
  }
}
