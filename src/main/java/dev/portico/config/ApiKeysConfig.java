package dev.portico.config;

import java.util.Objects;

/**
 * Where clients present API keys ({@code auth.apiKeys}).
 *
 * @param header         the request header carrying the key
 * @param queryParameter a query parameter that may carry the key, or {@code null} (the default: keys in URLs
 *                       end up in logs and browser history, so this is opt-in)
 */
public record ApiKeysConfig(String header, String queryParameter) {
  public static final String DEFAULT_HEADER = "X-API-Key";

  public ApiKeysConfig {
    Objects.requireNonNull(header, "header");
  }

  public static ApiKeysConfig ofDefault() {
    return new ApiKeysConfig(DEFAULT_HEADER, null);
  }
}
