package dev.portico.config;

/**
 * Request size limits on the listener; requests over them are refused before any routing work.
 *
 * @param maxHeaderSize  bytes for all header lines together
 * @param maxUriLength   bytes of the request target
 * @param maxBodySize    bytes of request body, unless a route sets its own
 */
public record LimitsConfig(int maxHeaderSize, int maxHeaderCount, int maxUriLength, long maxBodySize) {

  public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
  public static final int DEFAULT_MAX_HEADER_COUNT = 100;
  public static final int DEFAULT_MAX_URI_LENGTH = 8 * 1024;
  public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;

  public LimitsConfig {
    positive("maxHeaderSize", maxHeaderSize);
    positive("maxHeaderCount", maxHeaderCount);
    positive("maxUriLength", maxUriLength);
    positive("maxBodySize", maxBodySize);
  }

  public static LimitsConfig ofDefault() {
    return new LimitsConfig(DEFAULT_MAX_HEADER_SIZE, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_URI_LENGTH,
        DEFAULT_MAX_BODY_SIZE);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
