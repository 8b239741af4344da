package dev.portico.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One operation of an OpenAPI 3.0 or 3.1 document, found by {@code operationId} or by method and path, with
 * what the gateway checks: the JSON request body's schema and the path and query parameters. Parameters of
 * the path item and of the operation are merged (the operation's win), and {@code $ref}s to parameters and
 * request bodies are followed inside the document. Schemas are left where they are, as JSON Pointers, so that
 * their own {@code $ref}s into {@code components} resolve against the whole document when compiled.
 */
public final class OpenApiOperation {
  static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final int MAX_REF_HOPS = 16;

  /**
   * A path or query parameter.
   *
   * @param schemaPointer JSON Pointer of the parameter's schema in the document
   * @param array         the schema is a {@code type: array} with {@code items}: each value is checked
   *                      against the items (at {@code schemaPointer + "/items"})
   */
  public record Parameter(String name, String in, boolean required, String schemaPointer, boolean array) {}

  private final boolean openApi31;
  private final String label;
  private final String pathTemplate;
  private final String bodyPointer;
  private final boolean bodyRequired;
  private final List<Parameter> parameters;

  private OpenApiOperation(boolean openApi31, String label, String pathTemplate, String bodyPointer,
      boolean bodyRequired, List<Parameter> parameters) {
    this.openApi31 = openApi31;
    this.label = label;
    this.pathTemplate = pathTemplate;
    this.bodyPointer = bodyPointer;
    this.bodyRequired = bodyRequired;
    this.parameters = List.copyOf(parameters);
  }

  /**
   * Finds the operation by id ({@code method} and {@code path} null) or by method and path template.
   *
   * @throws IllegalArgumentException with a message fit for a config error, ending in {@code (expected: …)}
   */
  public static OpenApiOperation find(JsonNode document, String operationId, String method, String path) {
    String version = document.path("openapi").asText("");
    boolean v31 = version.startsWith("3.1.");
    if (!v31 && !version.startsWith("3.0.")) {
      throw new IllegalArgumentException("openapi is " + (version.isEmpty() ? "missing" : "\"" + version + "\"")
          + " (expected: an OpenAPI 3.0 or 3.1 document)");
    }
    JsonNode paths = document.path("paths");
    if (!paths.isObject()) {
      throw new IllegalArgumentException("the document has no paths (expected: an OpenAPI 3.0 or 3.1 document)");
    }
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : paths.properties()) {
      for (String m : METHODS) {
        JsonNode operation = p.getValue().get(m);
        if (operation == null || !operation.isObject()) {
          continue;
        }
        String id = operation.path("operationId").asText(null);
        if (id != null) {
          ids.add(id);
        }
        boolean chosen = operationId != null ? operationId.equals(id)
            : m.equals(method.toLowerCase(Locale.ROOT)) && p.getKey().equals(path);
        if (chosen) {
          return of(document, v31, p.getKey(), m);
        }
      }
    }
    if (operationId != null) {
      throw new IllegalArgumentException("no operation has operationId \"" + operationId + "\" (expected: one of "
          + (ids.isEmpty() ? "the document's operationIds; it has none" : String.join(", ", ids)) + ")");
    }
    throw new IllegalArgumentException("no operation " + method.toUpperCase(Locale.ROOT) + " " + path
        + " (expected: a method and a path template of the document's paths)");
  }

  private static OpenApiOperation of(JsonNode document, boolean v31, String pathTemplate, String method) {
    String itemPointer = "/paths/" + escape(pathTemplate);
    String operationPointer = itemPointer + "/" + method;
    String label = method.toUpperCase(Locale.ROOT) + " " + pathTemplate;
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    addParameters(document, itemPointer + "/parameters", parameters, label);
    addParameters(document, operationPointer + "/parameters", parameters, label); // the operation's override
    String bodyPointer = null;
    boolean bodyRequired = false;
    if (document.at(operationPointer + "/requestBody").isObject()) {
      String body = resolve(document, operationPointer + "/requestBody", label);
      bodyRequired = document.at(body + "/required").asBoolean(false);
      String mediaType = jsonMediaType(document.at(body + "/content"));
      if (mediaType != null && document.at(body + "/content/" + escape(mediaType) + "/schema").isObject()) {
        bodyPointer = body + "/content/" + escape(mediaType) + "/schema";
      }
    }
    return new OpenApiOperation(v31, label, pathTemplate, bodyPointer, bodyRequired,
        new ArrayList<>(parameters.values()));
  }

  private static void addParameters(JsonNode document, String listPointer, Map<String, Parameter> out,
      String label) {
    JsonNode list = document.at(listPointer);
    for (int i = 0; i < list.size(); i++) {
      String at = resolve(document, listPointer + "/" + i, label);
      JsonNode parameter = document.at(at);
      String name = parameter.path("name").asText("");
      String in = parameter.path("in").asText("");
      if (name.isEmpty() || !(in.equals("path") || in.equals("query"))) {
        continue; // header and cookie parameters are not checked
      }
      JsonNode schema = parameter.get("schema");
      if (schema == null || !schema.isObject()) {
        continue; // content-typed parameters are not checked
      }
      boolean array = "array".equals(schema.path("type").asText()) && schema.path("items").isObject();
      out.put(in + ":" + name, new Parameter(name, in,
          in.equals("path") || parameter.path("required").asBoolean(false), at + "/schema", array));
    }
  }

  /** Follows {@code $ref}s to the object they name; only references inside the document. */
  private static String resolve(JsonNode document, String pointer, String label) {
    String at = pointer;
    for (int hops = 0; hops < MAX_REF_HOPS; hops++) {
      JsonNode ref = document.at(at).get("$ref");
      if (ref == null) {
        return at;
      }
      String target = ref.asText("");
      if (!target.startsWith("#/") || document.at(target.substring(1)).isMissingNode()) {
        throw new IllegalArgumentException(label + ": $ref \"" + target + "\" at " + at
            + " does not name a part of the document (expected: a reference like #/components/...)");
      }
      at = target.substring(1);
    }
    throw new IllegalArgumentException(label + ": $refs at " + pointer + " loop (expected: references that end)");
  }

  /** {@code application/json}, else the first {@code +json} type, else null. */
  private static String jsonMediaType(JsonNode content) {
    String found = null;
    for (Map.Entry<String, JsonNode> e : content.properties()) {
      String type = e.getKey().toLowerCase(Locale.ROOT);
      int semicolon = type.indexOf(';');
      String bare = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
      if (bare.equals("application/json")) {
        return e.getKey();
      }
      if (found == null && bare.startsWith("application/") && bare.endsWith("+json")) {
        found = e.getKey();
      }
    }
    return found;
  }

  /** RFC 6901 escaping of one reference token. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  public boolean openApi31() {
    return openApi31;
  }

  /** {@code POST /orders}, for messages. */
  public String label() {
    return label;
  }

  public String pathTemplate() {
    return pathTemplate;
  }

  /** The JSON body's schema, or null when the operation has no JSON body. */
  public String bodyPointer() {
    return bodyPointer;
  }

  public boolean bodyRequired() {
    return bodyRequired;
  }

  public List<Parameter> parameters() {
    return parameters;
  }
}
