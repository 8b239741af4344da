package dev.portico.config;

/** Binds the admin section's own keys ({@code admin.token}); host and port are bound with the listener's rules. */
final class AdminBinder {
  static final String TOKEN_EXPECTED = "a secret of at least " + AdminConfig.MIN_TOKEN_LENGTH
      + " characters, e.g. \"${PORTICO_ADMIN_TOKEN}\"";

  private AdminBinder() {}

  /** The configured token, or {@code null} (the gateway then generates one). Errors quote the text as written. */
  static String token(Fields f) {
    return f.get("token", null, TOKEN_EXPECTED, s -> {
      if (s.strip().length() < AdminConfig.MIN_TOKEN_LENGTH || !s.equals(s.strip())) {
        throw ValueReader.invalid(s, TOKEN_EXPECTED);
      }
      return s;
    });
  }
}
