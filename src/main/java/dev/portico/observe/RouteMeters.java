package dev.portico.observe;

import dev.portico.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One route's meters, created lazily per (method, status class) on first use and then reached by
 * array index: no registry lookup on the request path. Methods outside the standard set share the
 * label "OTHER", so a client cannot create series by inventing methods.
 */
public final class RouteMeters {
  private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "OTHER"};
  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  private final MeterRegistry registry;
  private final String routeId;
  private final AtomicReferenceArray<Timer> requestTimers =
      new AtomicReferenceArray<>(METHODS.length * STATUS_CLASSES.length);
  private volatile Timer upstreamTimer;
  private volatile DistributionSummary bytesIn;
  private volatile DistributionSummary bytesOut;

  RouteMeters(MeterRegistry registry, String routeId) {
    this.registry = registry;
    this.routeId = routeId;
  }

  public void record(String method, int status, long durationNanos, long upstreamNanos,
      long requestBytes, long responseBytes, ErrorCode code) {
    requestTimer(methodIndex(method), statusIndex(status)).record(durationNanos, TimeUnit.NANOSECONDS);
    if (upstreamNanos >= 0) {
      upstreamTimer().record(upstreamNanos, TimeUnit.NANOSECONDS);
    }
    bytes().record(requestBytes);
    bytesOut.record(responseBytes);
    if (code != null) {
      Counter.builder("portico_gateway_responses")
          .description("Responses the gateway made itself, by stable error code")
          .tags("route", routeId, "code", code.code())
          .register(registry).increment();
    }
  }

  private Timer requestTimer(int method, int statusClass) {
    int index = method * STATUS_CLASSES.length + statusClass;
    Timer timer = requestTimers.get(index);
    if (timer == null) {
      timer = Timer.builder("portico_requests")
          .description("Client requests by route, method and status class")
          .tags("route", routeId, "method", METHODS[method], "status", STATUS_CLASSES[statusClass])
          .serviceLevelObjectives(BUCKETS)
          .register(registry);
      requestTimers.set(index, timer);
    }
    return timer;
  }

  private Timer upstreamTimer() {
    Timer timer = upstreamTimer;
    if (timer == null) {
      timer = Timer.builder("portico_upstream_requests")
          .description("Time from sending to an upstream until its response headers, by route")
          .tags("route", routeId)
          .serviceLevelObjectives(BUCKETS)
          .register(registry);
      upstreamTimer = timer;
    }
    return timer;
  }

  private DistributionSummary bytes() {
    if (bytesIn == null) {
      bytesOut = DistributionSummary.builder("portico_response_bytes").baseUnit("bytes")
          .tags("route", routeId).register(registry);
      bytesIn = DistributionSummary.builder("portico_request_bytes").baseUnit("bytes")
          .tags("route", routeId).register(registry);
    }
    return bytesIn;
  }

  private static int methodIndex(String method) {
    for (int i = 0; i < METHODS.length - 1; i++) {
      if (METHODS[i].equals(method)) {
        return i;
      }
    }
    return METHODS.length - 1;
  }

  private static int statusIndex(int status) {
    int i = status / 100 - 1;
    return i < 0 || i >= STATUS_CLASSES.length ? STATUS_CLASSES.length - 1 : i;
  }
}
