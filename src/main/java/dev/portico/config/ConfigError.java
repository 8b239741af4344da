package dev.portico.config;

import java.util.Objects;

/**
 * One problem in a config file, positioned like a compiler error so editors and CI logs can jump to it.
 *
 * @param file    the file name as given to the loader
 * @param line    1-based line, or 0 when the problem concerns the whole file (e.g. it cannot be read)
 * @param column  1-based column, or 0 with {@code line == 0}
 * @param path    key path such as {@code routes[2].match.path}; empty for document-level problems
 * @param message what is wrong, with an {@code (expected: …)} hint where one helps
 */
public record ConfigError(String file, int line, int column, String path, String message) {

  public ConfigError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code portico.yaml:14:12: routes[2].timeout: "100sec" (expected: a duration like 250ms, 2s, 1m)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line).append(':').append(column);
    }
    sb.append(": ");
    if (!path.isEmpty()) {
      sb.append(path).append(": ");
    }
    return sb.append(message).toString();
  }
}
