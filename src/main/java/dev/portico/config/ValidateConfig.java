package dev.portico.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A route's {@code validate}: JSON Schemas (draft 2020-12) the request must satisfy before it goes upstream.
 *
 * @param body        the body's schema, or {@code null} when the body is not checked
 * @param query       query parameter name to the schema of its value
 * @param path        route parameter name to the schema of its value
 * @param maxBodySize the largest body buffered to be checked
 * @param openapi     an OpenAPI operation whose body and parameters are checked instead of {@code body},
 *                    {@code query} and {@code path} (which are then empty), or {@code null}
 */
public record ValidateConfig(JsonNode body, Map<String, JsonNode> query, Map<String, JsonNode> path,
    long maxBodySize, OpenApiConfig openapi) {
  public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

  public ValidateConfig {
    query = Immutables.orderedCopy(query);
    path = Immutables.orderedCopy(path);
  }

  /** Schemas written in the config, no OpenAPI document. */
  public ValidateConfig(JsonNode body, Map<String, JsonNode> query, Map<String, JsonNode> path, long maxBodySize) {
    this(body, query, path, maxBodySize, null);
  }
}
