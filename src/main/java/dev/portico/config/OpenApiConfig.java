package dev.portico.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code validate.openapi}: check requests against one operation of an OpenAPI 3.0 or 3.1 document, read
 * when the config loads.
 *
 * @param file        the document, resolved against the config file's directory
 * @param document    its content
 * @param operationId the operation's id, or {@code null} when {@code method} and {@code path} name it
 * @param method      upper-case method, or {@code null}
 * @param path        the path template as the document writes it ({@code /orders/{id}}), or {@code null}
 */
public record OpenApiConfig(Path file, JsonNode document, String operationId, String method, String path) {
  public OpenApiConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(document, "document");
    if ((operationId == null) == (method == null || path == null)) {
      throw new IllegalArgumentException("exactly one of operationId and method with path (expected: one)");
    }
  }
}
