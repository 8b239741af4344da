package dev.portico.config;

import java.util.Objects;

/**
 * {@code match.mediaType}: a parameter the client's preferred media range in {@code Accept} must carry,
 * e.g. {@code version=2} in {@code Accept: application/vnd.shop+json; version=2}.
 *
 * @param type  lower-case {@code type/subtype} the parameter must come with, or {@code null} for any
 * @param param lower-case parameter name
 * @param value the value, compared without regard to case
 */
public record MediaTypeMatchConfig(String type, String param, String value) {
  public MediaTypeMatchConfig {
    Objects.requireNonNull(param, "param");
    Objects.requireNonNull(value, "value");
  }
}
