package dev.portico.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate written like {@code 100/s}, {@code 1000/min}, {@code 5000/h} or {@code 100000/day}: at
 * most {@code limit} requests per {@code period}.
 */
public record Rate(long limit, Duration period) {
  public static final String EXPECTED = "a rate like 100/s, 1000/min, 5000/h or 100000/day";

  /** More would leave less than a nanosecond per request, which no limiter can count. */
  static final long MAX_LIMIT = 1_000_000_000L;

  public Rate {
    Objects.requireNonNull(period, "period");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1-" + MAX_LIMIT + ")");
    }
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period: " + period + " (expected: a positive duration)");
    }
  }

  /** @throws IllegalArgumentException {@code "100/sec" (expected: a rate like 100/s, ...)} */
  public static Rate parse(String s) {
    String text = s.strip();
    int slash = text.indexOf('/');
    if (slash <= 0 || slash > 10) {
      throw ValueReader.invalid(s, EXPECTED);
    }
    long limit = 0;
    for (int i = 0; i < slash; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw ValueReader.invalid(s, EXPECTED);
      }
      limit = limit * 10 + (c - '0');
    }
    Duration period = switch (text.substring(slash + 1)) {
      case "s" -> Duration.ofSeconds(1);
      case "min" -> Duration.ofMinutes(1);
      case "h" -> Duration.ofHours(1);
      case "day" -> Duration.ofDays(1);
      default -> throw ValueReader.invalid(s, EXPECTED);
    };
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ValueReader.invalid(s, "a rate of 1 to " + MAX_LIMIT + " requests per period, like 100/s");
    }
    return new Rate(limit, period);
  }

  /** The same syntax as written: {@code 1000/min}. */
  @Override
  public String toString() {
    String unit = period.equals(Duration.ofSeconds(1)) ? "s"
        : period.equals(Duration.ofMinutes(1)) ? "min"
        : period.equals(Duration.ofHours(1)) ? "h"
        : period.equals(Duration.ofDays(1)) ? "day"
        : Durations.format(period);
    return limit + "/" + unit;
  }
}
