package dev.portico.config;

/**
 * Parses byte sizes: a bare number of bytes ({@code 512}, {@code 512B}), binary units ({@code 16KiB}, {@code 10MiB},
 * {@code 1GiB}) or decimal ones ({@code 1KB} = 1000, {@code 1MB}, {@code 1GB}). Units ignore case; KB and KiB stay
 * distinct because the "i" decides the base, not the case.
 */
public final class Sizes {

  static final String EXPECTED = "a size like 512, 16KiB, 10MiB, 1GiB";

  private Sizes() {}

  /** @throws IllegalArgumentException {@code "10 megs" (expected: a size like 512, 16KiB, 10MiB, 1GiB)} */
  public static long parse(String s) {
    long value = parseOrNegative(s.strip());
    if (value < 0) {
      throw new IllegalArgumentException(Quote.of(s) + " (expected: " + EXPECTED + ")");
    }
    return value;
  }

  private static long parseOrNegative(String text) {
    int i = 0;
    int n = text.length();
    while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    if (i == 0 || i > 18) {
      return -1;
    }
    long amount = Long.parseLong(text, 0, i, 10);
    long unit = switch (text.substring(i).strip().toLowerCase(java.util.Locale.ROOT)) {
      case "", "b" -> 1L;
      case "kib" -> 1L << 10;
      case "mib" -> 1L << 20;
      case "gib" -> 1L << 30;
      case "tib" -> 1L << 40;
      case "kb" -> 1_000L;
      case "mb" -> 1_000_000L;
      case "gb" -> 1_000_000_000L;
      case "tb" -> 1_000_000_000_000L;
      default -> -1L;
    };
    if (unit < 0) {
      return -1;
    }
    try {
      return Math.multiplyExact(amount, unit);
    } catch (ArithmeticException e) {
      return -1;
    }
  }
}
