package dev.portico.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hides secrets in a config document before the admin API shows it: the values of keys that hold secrets (tokens,
 * passwords, HMAC secrets, API keys, JWKs, header values that carry credentials) and the user info of URLs
 * ({@code redis://user:pass@host}). Works on the document as written, so a value given as {@code ${VAR}} is hidden
 * too: whatever stands there is treated as secret.
 */
final class Redactor {
  static final String HIDDEN = "<redacted>";

  /** Keys compared in lower case. {@code apikey} is a consumer's key; a route's {@code apiKey: true} is a flag. */
  private static final Set<String> SECRET_KEYS = Set.of("token", "secret", "password", "apikey", "apikeys", "jwk",
      "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "clientsecret");
  private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
  private static final Set<String> FLAG_VALUES = Set.of("true", "false");

  private Redactor() {}

  static Object redact(Object value) {
    return redact(null, value);
  }

  @SuppressWarnings("unchecked")
  private static Object redact(String key, Object value) {
    boolean secret = key != null && SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT));
    if (secret && (value instanceof String s ? !FLAG_VALUES.contains(s) : "jwk".equalsIgnoreCase(key))) {
      return HIDDEN; // a mapping under a secret key (auth.apiKeys: {header: ...}) is settings, read on
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, redact(k, v)));
      return out;
    } else if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(redact(key, v)));
      return out;
    } else if (value instanceof String s) {
      return URL_USER_INFO.matcher(s).replaceAll("$1" + HIDDEN + "@");
    }
    return value;
  }
}
