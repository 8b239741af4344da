package dev.portico.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/** Binds an upstream's {@code health}, {@code circuitBreaker} and {@code retry} sections. */
final class ResilienceBinder {
  static final List<String> HEALTH_KEYS = List.of("path", "interval", "timeout", "healthyThreshold",
      "unhealthyThreshold");
  static final List<String> BREAKER_KEYS = List.of("failureRate", "slowCallRate", "slowCall", "window",
      "minimumCalls", "openFor", "halfOpenCalls");
  static final List<String> RETRY_KEYS = List.of("attempts", "onStatuses", "backoff", "maxBackoff", "budget",
      "minRetriesPerSecond");
  static final String PERCENT_EXPECTED = "a percentage like 50% (1%-100%)";

  private ResilienceBinder() {}

  /** {@code null} when the section is absent: no active checks. */
  static HealthCheckConfig health(Fields f) {
    if (f.node() == null || !f.isMapping()) {
      return null;
    }
    return new HealthCheckConfig(
        f.get("path", "/health", Binder.PATH_EXPECTED, Binder::path),
        f.duration("interval", Duration.ofSeconds(5), true),
        f.duration("timeout", Duration.ofSeconds(1), true),
        f.integer("healthyThreshold", 2, 1, 100, "a count 1-100"),
        f.integer("unhealthyThreshold", 3, 1, 100, "a count 1-100"));
  }

  /** {@code null} when the section is absent: no breaker. */
  static CircuitBreakerConfig circuitBreaker(Fields f, ValueReader reader) {
    if (f.node() == null || !f.isMapping()) {
      return null;
    }
    int errors = reader.errorCount();
    double failureRate = f.get("failureRate", 0.5, PERCENT_EXPECTED, ResilienceBinder::percent);
    double slowCallRate = f.get("slowCallRate", 1.0, PERCENT_EXPECTED, ResilienceBinder::percent);
    Duration slowCall = f.duration("slowCall", Duration.ofSeconds(5), true);
    int window = f.integer("window", 20, 1, 10_000, "a number of calls 1-10000");
    int minimumCalls = f.integer("minimumCalls", Math.min(10, window), 1, 10_000, "a number of calls 1-10000");
    Duration openFor = f.duration("openFor", Duration.ofSeconds(10), true);
    int halfOpenCalls = f.integer("halfOpenCalls", 3, 1, 1000, "a number of calls 1-1000");
    if (reader.errorCount() != errors) {
      return null;
    }
    if (minimumCalls > window) {
      reader.error(f.value("minimumCalls"), f.path("minimumCalls"),
          minimumCalls + " is more than window " + window + " (expected: <= window)");
      return null;
    }
    return new CircuitBreakerConfig(failureRate, slowCallRate, slowCall, window, minimumCalls, openFor, halfOpenCalls);
  }

  static RetryConfig retry(Fields f) {
    RetryConfig d = RetryConfig.DEFAULT;
    if (f.node() == null || !f.isMapping()) {
      return d;
    }
    List<Integer> statuses = f.has("onStatuses")
        ? f.list("onStatuses", "an HTTP status 500-599", ResilienceBinder::serverStatus) : List.copyOf(d.onStatuses());
    return new RetryConfig(
        f.integer("attempts", d.attempts(), 1, 10, "a number of attempts 1-10, 1 = no retries"),
        new LinkedHashSet<>(statuses),
        f.duration("backoff", d.backoff(), false),
        f.duration("maxBackoff", d.maxBackoff(), false),
        f.get("budget", d.budget(), PERCENT_EXPECTED, ResilienceBinder::percent),
        f.integer("minRetriesPerSecond", d.minRetriesPerSecond(), 0, 100_000, "a number of retries >= 0"));
  }

  static double percent(String s) {
    String t = s.strip();
    if (!t.endsWith("%")) {
      throw ValueReader.invalid(s, PERCENT_EXPECTED);
    }
    try {
      double v = Double.parseDouble(t.substring(0, t.length() - 1).strip());
      if (!(v >= 1 && v <= 100)) {
        throw ValueReader.invalid(s, PERCENT_EXPECTED);
      }
      return v / 100;
    } catch (NumberFormatException e) {
      throw ValueReader.invalid(s, PERCENT_EXPECTED);
    }
  }

  static Integer serverStatus(String s) {
    try {
      int v = Integer.parseInt(s.strip());
      if (v >= 500 && v <= 599) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ValueReader.invalid(s, "an HTTP status 500-599");
  }
}
