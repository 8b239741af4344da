package dev.portico.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The SHA-256 of an API key: the only form in which keys are kept once the config is read, so
 * no config record, snapshot, heap dump or log line holds a usable key.
 *
 * <p>A fast hash is right here, unlike for passwords: API keys are long random strings, so there
 * is no dictionary to try and nothing a slow hash would protect; a slow one would only cost CPU
 * on every request. Equality runs in constant time ({@link MessageDigest#isEqual}), and a
 * presented key is hashed before any lookup, so the time a lookup takes says nothing about how
 * much of a stored key a guess shares.
 */
public final class ApiKeyHash {
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  });

  private final byte[] digest;

  private ApiKeyHash(byte[] digest) {
    this.digest = digest;
  }

  /** Hashes a key as UTF-8. */
  public static ApiKeyHash of(String key) {
    Objects.requireNonNull(key, "key");
    return new ApiKeyHash(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** Constant time: never stops at the first differing byte. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKeyHash other && MessageDigest.isEqual(digest, other.digest);
  }

  /** The first four bytes of a uniformly distributed digest: a good bucket index, nothing more. */
  @Override
  public int hashCode() {
    return (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
  }

  @Override
  public String toString() {
    return "ApiKeyHash[sha256, redacted]";
  }
}
