package dev.portico.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A number of requests per period, written {@code 100/s}, {@code 1000/min}, {@code 5000/h} or {@code 10000/day}. */
public record Rate(long limit, Duration period) {
  public static final String EXPECTED = "N/s, N/min, N/h or N/day with N >= 1";
  private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,12})\\s*/\\s*([a-z]+)\\s*");

  public Rate {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
    }
  }

  public static Rate parse(String s) {
    Matcher m = FORMAT.matcher(s.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw ValueReader.invalid(s, EXPECTED);
    }
    long limit = Long.parseLong(m.group(1));
    Duration period = switch (m.group(2)) {
      case "s", "sec", "second" -> Duration.ofSeconds(1);
      case "m", "min", "minute" -> Duration.ofMinutes(1);
      case "h", "hour" -> Duration.ofHours(1);
      case "d", "day" -> Duration.ofDays(1);
      default -> throw ValueReader.invalid(s, EXPECTED);
    };
    if (limit < 1 || period.toNanos() / limit < 1) {
      throw ValueReader.invalid(s, EXPECTED);
    }
    return new Rate(limit, period);
  }

  /** The canonical spelling, used as the policy name in RateLimit headers: {@code 100-per-s}. */
  public String name() {
    String unit = period.equals(Duration.ofSeconds(1)) ? "s"
        : period.equals(Duration.ofMinutes(1)) ? "min" : period.equals(Duration.ofHours(1)) ? "h" : "day";
    return limit + "-per-" + unit;
  }

  @Override
  public String toString() {
    return name().replace("-per-", "/");
  }
}
