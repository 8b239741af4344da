package dev.portico.observe;

import dev.portico.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One route's meters, created lazily on first use and then reached by array index or by a lookup
 * keyed on a string the config already holds (a plan or upstream name): nothing is built per
 * request. Methods outside the standard set share the label {@code other}, so a client cannot
 * create series by inventing methods; tiers are the configured plans, so they are bounded too.
 */
public final class RouteMeters {
  /** Tier label of requests without a consumer plan. */
  public static final String ANONYMOUS = "anonymous";
  static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "other"};
  static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  /** The fixed SLO buckets of every latency histogram: 13 buckets, not a percentile histogram. */
  static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};
  private static final int SLOTS = METHODS.length * STATUS_CLASSES.length;

  private final MeterRegistry registry;
  private final String routeId;
  private volatile AtomicReferenceArray<Timer> anonymous;
  private final ConcurrentHashMap<String, AtomicReferenceArray<Timer>> tiers = new ConcurrentHashMap<>(4);
  private final ConcurrentHashMap<String, UpstreamMeters> upstreams = new ConcurrentHashMap<>(2);
  private volatile Counter bytesIn;
  private volatile Counter bytesOut;

  RouteMeters(MeterRegistry registry, String routeId) {
    this.registry = registry;
    this.routeId = routeId;
  }

  public String routeId() {
    return routeId;
  }

  /**
   * Records one finished client request.
   *
   * @param tier the consumer's plan, or {@code null} for {@link #ANONYMOUS}
   */
  public void record(String method, int status, String tier, long durationNanos,
      long requestBytes, long responseBytes, ErrorCode code) {
    int slot = methodIndex(method) * STATUS_CLASSES.length + statusIndex(status);
    AtomicReferenceArray<Timer> timers = timers(tier);
    Timer timer = timers.get(slot);
    if (timer == null) {
      timer = requestTimer(tier == null ? ANONYMOUS : tier, slot);
      timers.set(slot, timer);
    }
    timer.record(durationNanos, TimeUnit.NANOSECONDS);
    if (bytesIn == null) {
      bytesOut = Counter.builder("portico_response_bytes").baseUnit("bytes")
          .description("Response body bytes written to clients, by route").tags("route", routeId).register(registry);
      bytesIn = Counter.builder("portico_request_bytes").baseUnit("bytes")
          .description("Request body bytes read from clients, by route").tags("route", routeId).register(registry);
    }
    bytesIn.increment(requestBytes);
    bytesOut.increment(responseBytes);
    if (code != null) {
      Counter.builder("portico_gateway_responses")
          .description("Responses the gateway made itself, by stable error code")
          .tags("route", routeId, "code", code.code())
          .register(registry).increment();
    }
  }

  /** Records one call to an upstream, from sending it until its response head (or failure). */
  public void upstreamCall(String upstream, long nanos) {
    upstream(upstream).timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Counts a call sent again to the upstream after a failure or a retryable status. */
  public void upstreamRetry(String upstream) {
    upstream(upstream).retries().increment();
  }

  /** Totals over every request timer of this route, for the dashboard. */
  public Totals totals() {
    long count = 0;
    long errors = 0;
    long[] buckets = new long[BUCKETS.length];
    for (AtomicReferenceArray<Timer> timers : allTimers()) {
      for (int slot = 0; slot < SLOTS; slot++) {
        Timer timer = timers.get(slot);
        if (timer == null) {
          continue;
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        count += snapshot.count();
        if (slot % STATUS_CLASSES.length == 4) {
          errors += snapshot.count();
        }
        CountAtBucket[] counts = snapshot.histogramCounts();
        for (int i = 0; i < counts.length && i < buckets.length; i++) {
          buckets[i] += (long) counts[i].count();
        }
      }
    }
    return new Totals(count, errors, buckets);
  }

  /**
   * @param count   requests recorded so far
   * @param errors  of which answered 5xx
   * @param buckets cumulative counts at or below each of {@link #bucketSeconds()}
   */
  public record Totals(long count, long errors, long[] buckets) {}

  /** The upper bounds of the latency buckets, in seconds. */
  public static double[] bucketSeconds() {
    double[] out = new double[BUCKETS.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = BUCKETS[i].toNanos() / 1e9;
    }
    return out;
  }

  private java.util.List<AtomicReferenceArray<Timer>> allTimers() {
    java.util.List<AtomicReferenceArray<Timer>> all = new java.util.ArrayList<>(tiers.values());
    if (anonymous != null) {
      all.add(anonymous);
    }
    return all;
  }

  private AtomicReferenceArray<Timer> timers(String tier) {
    if (tier == null) {
      AtomicReferenceArray<Timer> timers = anonymous;
      if (timers == null) {
        timers = new AtomicReferenceArray<>(SLOTS);
        anonymous = timers;
      }
      return timers;
    }
    return tiers.computeIfAbsent(tier, t -> new AtomicReferenceArray<>(SLOTS));
  }

  private Timer requestTimer(String tier, int slot) {
    return Timer.builder("portico_requests")
        .description("Client requests by route, method, status class and consumer tier")
        .tags("route", routeId, "method", METHODS[slot / STATUS_CLASSES.length],
            "status", STATUS_CLASSES[slot % STATUS_CLASSES.length], "tier", tier)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  private UpstreamMeters upstream(String upstream) {
    UpstreamMeters meters = upstreams.get(upstream);
    if (meters == null) {
      meters = upstreams.computeIfAbsent(upstream, u -> new UpstreamMeters(u, Timer.builder("portico_upstream_requests")
          .description("Time from sending a call to an upstream until its response head, by route and upstream")
          .tags("route", routeId, "upstream", u)
          .serviceLevelObjectives(BUCKETS)
          .register(registry)));
    }
    return meters;
  }

  private final class UpstreamMeters {
    final String upstream;
    final Timer timer;
    volatile Counter retries;

    UpstreamMeters(String upstream, Timer timer) {
      this.upstream = upstream;
      this.timer = timer;
    }

    Counter retries() {
      Counter c = retries;
      if (c == null) {
        c = Counter.builder("portico_upstream_retries")
            .description("Upstream calls sent again after a failure or a retryable status")
            .tags("route", routeId, "upstream", upstream).register(registry);
        retries = c;
      }
      return c;
    }
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
