package dev.portico.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.portico.config.OpenApiConfig;
import dev.portico.config.ValidateConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import dev.portico.transform.RequestBodies;
import dev.portico.transform.UpstreamEdits;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route's {@code validate}: checks path and query parameters and the JSON body against their schemas
 * and answers 400 {@code validation_failed}, listing every violation with its JSON Pointer, before
 * anything reaches the upstream. Only routes with a body schema buffer the body (up to a limit); the
 * proxy then sends the buffered body.
 */
public final class ValidationFilter implements Filter {
  @Override
  public String name() {
    return "validate";
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonSchema body;
  /** False when an empty body is acceptable (an OpenAPI request body that is not {@code required}). */
  private final boolean bodyRequired;
  private final Map<String, JsonSchema> query;
  /** Query parameters that must be present; absent ones are otherwise not checked. */
  private final List<String> requiredQuery;
  /** Query parameters whose schema is an array: each value is checked against these items schemas. */
  private final Map<String, JsonSchema> queryItems;
  private final Map<String, JsonSchema> path;
  private final long maxBodySize;

  private ValidationFilter(JsonSchema body, boolean bodyRequired, Map<String, JsonSchema> query,
      List<String> requiredQuery, Map<String, JsonSchema> queryItems, Map<String, JsonSchema> path, long maxBodySize) {
    this.body = body;
    this.bodyRequired = bodyRequired;
    this.query = Map.copyOf(query);
    this.requiredQuery = List.copyOf(requiredQuery);
    this.queryItems = Map.copyOf(queryItems);
    this.path = Map.copyOf(path);
    this.maxBodySize = maxBodySize;
  }

  /** Null when the route validates nothing. */
  public static ValidationFilter of(ValidateConfig config) {
    if (config == null) {
      return null;
    }
    if (config.openapi() != null) {
      return ofOpenApi(config.openapi(), config.maxBodySize());
    }
    if (config.body() == null && config.query().isEmpty() && config.path().isEmpty()) {
      return null;
    }
    return new ValidationFilter(config.body() == null ? null : Schemas.compile(config.body()), true,
        compileAll(config.query()), List.of(), Map.of(), compileAll(config.path()), config.maxBodySize());
  }

  /** The binder has found the operation and compiled its schemas once already: this cannot fail. */
  private static ValidationFilter ofOpenApi(OpenApiConfig config, long maxBodySize) {
    OpenApiOperation operation =
        OpenApiOperation.find(config.document(), config.operationId(), config.method(), config.path());
    OpenApiSchemas schemas =
        new OpenApiSchemas(config.document(), config.file().toUri().toString(), operation.openApi31());
    Map<String, JsonSchema> query = new LinkedHashMap<>();
    Map<String, JsonSchema> queryItems = new LinkedHashMap<>();
    List<String> requiredQuery = new ArrayList<>();
    Map<String, JsonSchema> path = new LinkedHashMap<>();
    for (OpenApiOperation.Parameter p : operation.parameters()) {
      if (p.in().equals("path")) {
        path.put(p.name(), schemas.compile(p.schemaPointer()));
        continue;
      }
      if (p.array()) {
        queryItems.put(p.name(), schemas.compile(p.schemaPointer() + "/items"));
      } else {
        query.put(p.name(), schemas.compile(p.schemaPointer()));
      }
      if (p.required() && !requiredQuery.contains(p.name())) {
        requiredQuery.add(p.name());
      }
    }
    JsonSchema body = operation.bodyPointer() == null ? null : schemas.compile(operation.bodyPointer());
    if (body == null && query.isEmpty() && queryItems.isEmpty() && requiredQuery.isEmpty() && path.isEmpty()) {
      return null;
    }
    return new ValidationFilter(body, operation.bodyRequired(), query, requiredQuery, queryItems, path, maxBodySize);
  }

  private static Map<String, JsonSchema> compileAll(Map<String, JsonNode> schemas) {
    Map<String, JsonSchema> out = new LinkedHashMap<>();
    schemas.forEach((name, schema) -> out.put(name, Schemas.compile(schema)));
    return Map.copyOf(out);
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    JsonArray errors = new JsonArray();
    path.forEach((name, schema) -> {
      String value = exchange.pathParams().get(name);
      if (value != null) {
        checkParameter(errors, "path", name, schema, value);
      }
    });
    HttpServerRequest request = exchange.request();
    for (String name : requiredQuery) {
      if (!request.params().contains(name)) {
        errors.add(error("query", name, "", "the required query parameter is missing"));
      }
    }
    query.forEach((name, schema) -> {
      for (String value : request.params().getAll(name)) {
        checkParameter(errors, "query", name, schema, value);
      }
    });
    queryItems.forEach((name, schema) -> {
      for (String value : request.params().getAll(name)) {
        checkParameter(errors, "query", name, schema, value);
      }
    });
    if (body == null) {
      return errors.isEmpty() ? chain.next(exchange) : Future.failedFuture(invalid(errors));
    }
    long limit = Math.min(maxBodySize, exchange.route().maxBodySize());
    return RequestBodies.read(request, limit).compose(buffer -> {
      checkBody(errors, buffer);
      if (!errors.isEmpty()) {
        return Future.failedFuture(invalid(errors));
      }
      UpstreamEdits.of(exchange).body(buffer);
      return chain.next(exchange);
    });
  }

  private void checkBody(JsonArray errors, Buffer buffer) {
    if (buffer.length() == 0 && !bodyRequired) {
      return;
    }
    if (buffer.length() == 0) {
      errors.add(error("body", null, "", "the body is missing (expected: JSON)"));
      return;
    }
    JsonNode document;
    try {
      document = JSON.readTree(buffer.getBytes());
    } catch (JsonProcessingException e) {
      errors.add(error("body", null, "", "the body is not valid JSON: " + e.getOriginalMessage()));
      return;
    } catch (IOException e) {
      errors.add(error("body", null, "", "the body is not valid JSON"));
      return;
    }
    for (ValidationMessage m : sorted(body.validate(document))) {
      errors.add(error("body", null, m.getInstanceLocation().toString(), message(m)));
    }
  }

  /**
   * Parameters arrive as text: a value is checked as a string first and, if that fails and it reads as
   * a number or boolean, as that, so {@code type: integer} accepts {@code ?page=2}.
   */
  private static void checkParameter(JsonArray errors, String in, String name, JsonSchema schema, String value) {
    Set<ValidationMessage> asText = schema.validate(JsonNodeFactory.instance.textNode(value));
    if (asText.isEmpty()) {
      return;
    }
    JsonNode typed = typed(value);
    if (typed != null && schema.validate(typed).isEmpty()) {
      return;
    }
    Set<ValidationMessage> report = typed != null ? schema.validate(typed) : asText;
    for (ValidationMessage m : sorted(report)) {
      errors.add(error(in, name, m.getInstanceLocation().toString(), message(m)));
    }
  }

  private static JsonNode typed(String value) {
    if (value.equals("true") || value.equals("false")) {
      return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
    }
    if (value.isEmpty() || !(Character.isDigit(value.charAt(value.length() - 1)))) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(value);
      return node.isNumber() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<ValidationMessage> sorted(Set<ValidationMessage> messages) {
    return messages.stream()
        .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
            .thenComparing(ValidationMessage::getMessage))
        .toList();
  }

  /** The library's message without the location it prefixes: the pointer carries that. */
  private static String message(ValidationMessage m) {
    String text = m.getMessage();
    String prefix = m.getInstanceLocation().toString() + ": ";
    return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
  }

  private static JsonObject error(String in, String name, String pointer, String message) {
    JsonObject error = new JsonObject().put("in", in);
    if (name != null) {
      error.put("name", name);
    }
    return error.put("pointer", pointer).put("message", message);
  }

  private static GatewayException invalid(JsonArray errors) {
    String detail = errors.size() == 1 ? "The request has 1 violation of the route's schema."
        : "The request has " + errors.size() + " violations of the route's schemas.";
    return new GatewayException(ErrorCode.VALIDATION_FAILED, detail, Map.of(), new JsonObject().put("errors", errors));
  }
}
