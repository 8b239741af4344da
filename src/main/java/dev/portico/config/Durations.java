package dev.portico.config;

import java.time.Duration;

/**
 * Parses durations written like {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}, or a sum such as
 * {@code 1m30s}. A unit is always required (a bare {@code 30} is ambiguous), and nothing is ever read as zero on
 * failure: Lura's {@code parseDuration} turning typos into "no timeout" is the trap this avoids.
 */
public final class Durations {

  static final String EXPECTED = "a duration like 250ms, 2s, 1m";

  private Durations() {}

  /** @throws IllegalArgumentException {@code "100sec" (expected: a duration like 250ms, 2s, 1m)} */
  public static Duration parse(String s) {
    Duration total = parseOrNull(s);
    if (total == null) {
      throw new IllegalArgumentException(Quote.of(s) + " (expected: " + EXPECTED + ")");
    }
    return total;
  }

  private static Duration parseOrNull(String s) {
    String text = s.strip();
    int n = text.length();
    if (n == 0) {
      return null;
    }
    Duration total = Duration.ZERO;
    int i = 0;
    try {
      while (i < n) {
        int digits = i;
        while (i < n && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
          i++;
        }
        // More than 12 digits cannot be a sensible timeout and would risk overflow before the unit multiplies.
        if (i == digits || i - digits > 12) {
          return null;
        }
        long amount = Long.parseLong(text, digits, i, 10);
        int unitStart = i;
        while (i < n && Character.isLetter(text.charAt(i))) {
          i++;
        }
        Duration part = switch (text.substring(unitStart, i)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> null;
        };
        if (part == null) {
          return null;
        }
        total = total.plus(part);
      }
    } catch (ArithmeticException e) {
      return null;
    }
    return total;
  }

  /** The shortest faithful text for {@code d} in the same syntax, for messages and {@code portico routes}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms != 0) {
      return ms / 86_400_000 + "d";
    } else if (ms % 3_600_000 == 0 && ms != 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0 && ms != 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
