package dev.portico.security.jwt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a token, as a cache key: the cache never holds tokens themselves, and equal hashes mean equal tokens
 * for any practical purpose. Four longs compare faster than a byte array and need no copy.
 */
record TokenHash(long a, long b, long c, long d) {

  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  });

  static TokenHash of(String token) {
    // Tokens are ASCII (base64url and dots); ISO-8859-1 maps each char to one byte without a charset encoder.
    ByteBuffer hash = ByteBuffer.wrap(SHA_256.get().digest(token.getBytes(StandardCharsets.ISO_8859_1)));
    return new TokenHash(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
  }
}
