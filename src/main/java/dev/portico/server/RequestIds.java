package dev.portico.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: a client's {@code X-Request-Id} is kept when it is short and plain (so traces join
 * up across hops); anything else is replaced with 128 random bits in hex.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final int MAX_LENGTH = 128;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  public static String acceptOrGenerate(String fromClient) {
    return fromClient != null && isAcceptable(fromClient) ? fromClient : generate();
  }

  static boolean isAcceptable(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[32];
    long hi = random.nextLong();
    long lo = random.nextLong();
    for (int i = 0; i < 16; i++) {
      out[15 - i] = HEX[(int) (hi >>> (i * 4)) & 0xf];
      out[31 - i] = HEX[(int) (lo >>> (i * 4)) & 0xf];
    }
    return new String(out);
  }
}
