package dev.portico.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.Set;

/** Compiles JSON Schemas (draft 2020-12 unless a schema names its own {@code $schema}) with the networknt validator. */
public final class Schemas {
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
      .pathType(PathType.JSON_POINTER)
      .build();
  private static final JsonSchema META_SCHEMA =
      FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);

  private Schemas() {}

  /** A ready validator; {@link #check} has accepted the schema. */
  public static JsonSchema compile(JsonNode schema) {
    JsonSchema compiled = FACTORY.getSchema(schema, CONFIG);
    compiled.initializeValidators(); // resolves every keyword and $ref now, not on the first request
    return compiled;
  }

  /**
   * What is wrong with a schema.
   *
   * @param pointer the JSON Pointer of the offending part of the schema; empty for the whole
   */
  public record Problem(String pointer, String message) {}

  /** Why the schema is not a valid JSON Schema, or {@code null} when it is. */
  public static Problem check(JsonNode schema) {
    Set<ValidationMessage> problems = META_SCHEMA.validate(schema);
    if (!problems.isEmpty()) {
      ValidationMessage first = problems.stream()
          .min(Comparator.comparing(m -> m.getInstanceLocation().toString())).orElseThrow();
      String at = first.getInstanceLocation().toString();
      return new Problem(at, "not a valid JSON Schema: " + (at.isEmpty() ? "" : at + " ") + first.getError()
          + " (expected: a JSON Schema, draft 2020-12)");
    }
    try {
      compile(schema);
      return null;
    } catch (JsonSchemaException | IllegalArgumentException e) {
      return new Problem("", "not a usable JSON Schema: " + e.getMessage()
          + " (expected: a JSON Schema, draft 2020-12)");
    }
  }
}
