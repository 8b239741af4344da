package dev.portico.observe.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed exports at most once per {@link #LOG_INTERVAL_NANOS}, with the spans lost since the
 * last message: an absent collector must not flood the log. Failures never reach requests; the
 * batch processor runs this on its own thread.
 */
final class FailureLoggingExporter implements SpanExporter {
  private static final Logger log = LoggerFactory.getLogger(FailureLoggingExporter.class);
  static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final SpanExporter delegate;
  private final String endpoint;
  private final AtomicLong lostSinceLog = new AtomicLong();
  private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

  FailureLoggingExporter(SpanExporter delegate, String endpoint) {
    this.delegate = delegate;
    this.endpoint = endpoint;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result = delegate.export(spans);
    int count = spans.size();
    result.whenComplete(() -> {
      if (!result.isSuccess()) {
        lost(count, result.getFailureThrowable());
      }
    });
    return result;
  }

  private void lost(int count, Throwable cause) {
    long lost = lostSinceLog.addAndGet(count);
    long now = System.nanoTime();
    long last = lastLogNanos.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
      lostSinceLog.addAndGet(-lost);
      log.warn("Tracing: could not export {} span(s) to {} (last error: {}); requests are unaffected",
          lost, endpoint, cause == null ? "rejected by the receiver" : cause.toString());
    }
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
