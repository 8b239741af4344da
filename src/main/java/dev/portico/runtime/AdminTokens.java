package dev.portico.runtime;

import java.security.SecureRandom;
import java.util.Base64;

/** Generates the admin token when none is configured: 256 random bits, URL-safe so it fits a URL fragment. */
final class AdminTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminTokens() {}

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
