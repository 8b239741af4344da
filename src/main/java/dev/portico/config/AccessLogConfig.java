package dev.portico.config;

import java.util.Objects;

/** @param path {@code "stdout"} or a file path */
public record AccessLogConfig(boolean enabled, String path) {

  public static final String STDOUT = "stdout";

  public AccessLogConfig {
    Objects.requireNonNull(path, "path");
  }

  public static AccessLogConfig ofDefault() {
    return new AccessLogConfig(true, STDOUT);
  }

  public boolean toStdout() {
    return STDOUT.equals(path);
  }
}
