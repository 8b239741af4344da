package dev.portico.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.portico.validate.OpenApiOperation;
import dev.portico.validate.OpenApiSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Binds {@code validate.openapi}: reads the OpenAPI document (YAML or JSON, relative to the config file),
 * finds the operation and compiles its schemas once, so that a missing file, an unknown operation or a
 * schema that does not compile is a config error rather than a failure on the first request.
 */
final class OpenApiBinder {
  static final List<String> KEYS = List.of("file", "operation", "method", "path");
  static final String FILE_EXPECTED = "an OpenAPI 3.0 or 3.1 document in YAML or JSON";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ValueReader reader;

  OpenApiBinder(ValueReader reader) {
    this.reader = reader;
  }

  /** Null when invalid (the errors are reported). */
  OpenApiConfig bind(Fields validate, String matchPath) {
    if (validate.has("body") || validate.has("schemaFile") || validate.has("query") || validate.has("path")) {
      reader.error(validate.value("openapi"), validate.path("openapi"),
          "set together with body, schemaFile, query or path (expected: schemas from the document or from the config)");
      return null;
    }
    Fields f = validate.fields("openapi", KEYS);
    if (!f.isMapping() || f.node() == null || YamlNodes.isNull(f.node())) {
      return null;
    }
    int errorsBefore = reader.errorCount();
    f.require("file");
    boolean byId = f.has("operation");
    if (byId == (f.has("method") || f.has("path"))) {
      reader.error(f.node(), f.path(), byId ? "sets operation and method or path (expected: one way to name the operation)"
          : "names no operation (expected: operation, or method and path)");
    } else if (!byId) {
      f.require("method", "path");
    }
    String file = f.string("file", null, FILE_EXPECTED);
    String operationId = f.string("operation", null, "an operationId");
    String method = f.get("method", null, Binder.METHOD_EXPECTED, Binder::method);
    String path = f.get("path", null, Binder.PATH_EXPECTED, Binder::path);
    if (reader.errorCount() != errorsBefore || file == null) {
      return null;
    }
    Path resolved = resolve(file);
    JsonNode document = read(f, resolved, file);
    if (document == null) {
      return null;
    }
    OpenApiOperation operation;
    try {
      operation = OpenApiOperation.find(document, operationId, method, path);
    } catch (IllegalArgumentException e) {
      String key = byId ? "operation" : "path";
      reader.error(f.value(key), f.path(key), Quote.of(file) + ": " + e.getMessage());
      return null;
    }
    for (OpenApiOperation.Parameter p : operation.parameters()) {
      if (p.in().equals("path") && !matchPath.contains("{" + p.name() + "}")
          && !matchPath.contains("{" + p.name() + "*}")) {
        reader.error(f.node(), f.path(), Quote.of(file) + ": " + operation.label() + " has path parameter "
            + Quote.of(p.name()) + ", which is not a route parameter of " + matchPath
            + " (expected: {" + p.name() + "} in match.path)");
      }
    }
    String unusable = firstUnusableSchema(document, resolved, operation);
    if (unusable != null) {
      reader.error(f.node(), f.path(), Quote.of(file) + ": " + operation.label() + ": " + unusable
          + " (expected: " + FILE_EXPECTED + ")");
    }
    return reader.errorCount() != errorsBefore ? null
        : new OpenApiConfig(resolved, document, operationId, method, path);
  }

  /** Relative to the directory of the config file, so that a config and its specs move together. */
  private Path resolve(String file) {
    Path given = Path.of(file);
    if (given.isAbsolute()) {
      return given;
    }
    Path dir = Path.of(reader.sourceMap().file()).toAbsolutePath().getParent();
    return (dir == null ? given : dir.resolve(given)).normalize();
  }

  private JsonNode read(Fields f, Path resolved, String file) {
    try {
      if (Files.size(resolved) > YamlNodes.MAX_DOCUMENT_CHARS) {
        reader.error(f.value("file"), f.path("file"), Quote.of(file) + " is larger than 16MiB (expected: "
            + FILE_EXPECTED + ")");
        return null;
      }
      JsonNode document = YAML.readTree(Files.readString(resolved));
      if (document == null || !document.isObject()) {
        reader.error(f.value("file"), f.path("file"), Quote.of(file) + " is not a mapping (expected: "
            + FILE_EXPECTED + ")");
        return null;
      }
      return document;
    } catch (JsonProcessingException e) {
      reader.error(f.value("file"), f.path("file"), Quote.of(file) + " cannot be parsed: "
          + e.getOriginalMessage().lines().findFirst().orElse("") + lineOf(e) + " (expected: " + FILE_EXPECTED + ")");
    } catch (IOException e) {
      reader.error(f.value("file"), f.path("file"), Quote.of(file) + " cannot be read (" + resolved + ": "
          + e.getClass().getSimpleName() + ") (expected: " + FILE_EXPECTED + ")");
    }
    return null;
  }

  private static String lineOf(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
  }

  /** Why one of the operation's schemas does not compile, or null when all do. */
  private static String firstUnusableSchema(JsonNode document, Path file, OpenApiOperation operation) {
    OpenApiSchemas schemas = new OpenApiSchemas(document, file.toUri().toString(), operation.openApi31());
    String pointer = operation.bodyPointer();
    try {
      if (pointer != null) {
        schemas.compile(pointer);
      }
      for (OpenApiOperation.Parameter p : operation.parameters()) {
        pointer = p.schemaPointer();
        schemas.compile(pointer);
      }
      return null;
    } catch (RuntimeException e) {
      return "the schema at " + pointer + " cannot be used: " + e.getMessage();
    }
  }
}
