package dev.portico.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portico.aggregate.Reference;
import dev.portico.aggregate.Template;
import dev.portico.validate.Schemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Binds a route's {@code transform} (header and query edits) and {@code validate} (JSON Schemas). Templates
 * and schemas are checked here, where positions are known, so a bad one never reaches a running gateway.
 */
final class TransformBinder {
  static final List<String> TRANSFORM_KEYS = List.of("request", "response", "maxBodySize");
  static final List<String> REQUEST_KEYS = List.of("headers", "query", "body");
  static final List<String> RESPONSE_KEYS = List.of("headers", "body");
  static final List<String> BODY_EDIT_KEYS = List.of("remove", "rename");
  static final List<String> HEADER_EDIT_KEYS = List.of("remove", "rename", "set", "add");
  static final List<String> QUERY_EDIT_KEYS = List.of("remove", "rename", "set");
  static final List<String> DEPRECATED_KEYS = List.of("since", "sunset", "link");
  static final String DATE_EXPECTED = "a date like 2026-12-31 or a time like 2026-12-31T12:00:00Z";
  static final List<String> VALIDATE_KEYS = List.of("body", "schemaFile", "query", "path", "maxBodySize", "openapi");
  static final String TEMPLATE_EXPECTED =
      "text with {param}, {query.name}, {identity.subject|tenant|consumer|plan} or {requestId}";
  /** Headers the gateway owns on the way upstream: framing, routing and what it vouches for. */
  private static final Set<String> GATEWAY_REQUEST_HEADERS = Set.of("connection", "keep-alive", "proxy-connection",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
      "content-length", "expect", "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
      "x-forwarded-port", "x-request-id");
  private static final Set<String> GATEWAY_RESPONSE_HEADERS = Set.of("connection", "keep-alive", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "content-length", "x-request-id");

  private static final Resolver YAML_TYPES = new Resolver();

  private final ValueReader reader;

  TransformBinder(ValueReader reader) {
    this.reader = reader;
  }

  /** The route's transform, or null if absent or invalid. */
  TransformConfig transform(Fields route, String matchPath) {
    if (!route.has("transform")) {
      return null;
    }
    int errorsBefore = reader.errorCount();
    Fields f = route.fields("transform", TRANSFORM_KEYS);
    Fields request = f.fields("request", REQUEST_KEYS);
    Fields response = f.fields("response", RESPONSE_KEYS);
    TransformConfig.HeaderEdits requestHeaders = headerEdits(request.fields("headers", HEADER_EDIT_KEYS),
        GATEWAY_REQUEST_HEADERS, matchPath);
    TransformConfig.QueryEdits query = queryEdits(request.fields("query", QUERY_EDIT_KEYS), matchPath);
    TransformConfig.HeaderEdits responseHeaders = headerEdits(response.fields("headers", HEADER_EDIT_KEYS),
        GATEWAY_RESPONSE_HEADERS, matchPath);
    TransformConfig.BodyEdits requestBody = bodyEdits(request.fields("body", BODY_EDIT_KEYS));
    TransformConfig.BodyEdits responseBody = bodyEdits(response.fields("body", BODY_EDIT_KEYS));
    long maxBodySize = f.size("maxBodySize", TransformConfig.DEFAULT_MAX_BODY_SIZE, Integer.MAX_VALUE);
    return reader.errorCount() != errorsBefore ? null
        : new TransformConfig(requestHeaders, query, responseHeaders, requestBody, responseBody, maxBodySize);
  }

  private TransformConfig.BodyEdits bodyEdits(Fields f) {
    List<String> remove = f.list("remove", AggregateBinder.FIELD_PATH_EXPECTED, TransformBinder::fieldPath);
    Map<String, String> rename = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries("rename", "a mapping of old to new field paths")) {
      String path = f.path("rename") + "." + e.key();
      try {
        fieldPath(e.key());
      } catch (IllegalArgumentException ex) {
        reader.error(e.keyNode(), path, ex.getMessage());
        continue;
      }
      String to = reader.parse(e.value(), path, AggregateBinder.FIELD_PATH_EXPECTED, TransformBinder::fieldPath);
      if (to != null) {
        rename.put(e.key(), to);
      }
    }
    return new TransformConfig.BodyEdits(remove, rename);
  }

  static String fieldPath(String s) {
    if (s.isEmpty() || s.equals("/") || (!s.startsWith("/") && (s.startsWith(".") || s.endsWith(".")
        || s.contains("..")))) {
      throw ValueReader.invalid(s, AggregateBinder.FIELD_PATH_EXPECTED);
    }
    return s;
  }

  private TransformConfig.HeaderEdits headerEdits(Fields f, Set<String> owned, String matchPath) {
    List<String> remove = f.list("remove", "a header name", s -> headerName(s, owned));
    Map<String, String> rename = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries("rename", "a mapping of old to new header names")) {
      String path = f.path("rename") + "." + e.key();
      if (checkName(e, path, owned)) {
        String to = reader.parse(e.value(), path, "a header name", s -> headerName(s, owned));
        if (to != null) {
          rename.put(e.key(), to);
        }
      }
    }
    Map<String, String> set = templates(f, "set", owned, matchPath);
    Map<String, String> add = templates(f, "add", owned, matchPath);
    return new TransformConfig.HeaderEdits(remove, rename, set, add);
  }

  private TransformConfig.QueryEdits queryEdits(Fields f, String matchPath) {
    List<String> remove = f.list("remove", "a query parameter name", TransformBinder::queryName);
    Map<String, String> rename = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries("rename", "a mapping of old to new query parameter names")) {
      String to = reader.parse(e.value(), f.path("rename") + "." + e.key(), "a query parameter name",
          TransformBinder::queryName);
      if (to != null) {
        rename.put(e.key(), to);
      }
    }
    Map<String, String> set = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries("set", "a mapping of query parameter names to values")) {
      String value = template(e.value(), f.path("set") + "." + e.key(), matchPath);
      if (value != null) {
        set.put(e.key(), value);
      }
    }
    return new TransformConfig.QueryEdits(remove, rename, set);
  }

  private Map<String, String> templates(Fields f, String key, Set<String> owned, String matchPath) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries(key, "a mapping of header names to values")) {
      String path = f.path(key) + "." + e.key();
      if (checkName(e, path, owned)) {
        String value = template(e.value(), path, matchPath);
        if (value != null) {
          out.put(e.key(), value);
        }
      }
    }
    return out;
  }

  private boolean checkName(ValueReader.Entry e, String path, Set<String> owned) {
    try {
      headerName(e.key(), owned);
      return true;
    } catch (IllegalArgumentException ex) {
      reader.error(e.keyNode(), path, ex.getMessage());
      return false;
    }
  }

  /** A template whose references can be resolved for every request of the route. */
  private String template(Node node, String path, String matchPath) {
    return reader.parse(node, path, TEMPLATE_EXPECTED, s -> {
      Template template;
      try {
        template = Template.parse(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(Quote.of(s) + ": " + e.getMessage() + " (expected: " + TEMPLATE_EXPECTED
            + ")");
      }
      for (Reference r : template.references()) {
        boolean ok = switch (r.kind()) {
          case QUERY, IDENTITY -> true;
          case PARAM -> r.name().equals("requestId") || matchPath.contains("{" + r.name() + "}")
              || matchPath.contains("{" + r.name() + "*}");
          default -> false;
        };
        if (!ok) {
          throw new IllegalArgumentException(Quote.of(s) + ": \"{" + r.text() + "}\" is not a route parameter"
              + " of " + matchPath + " (expected: " + TEMPLATE_EXPECTED + ")");
        }
      }
      return s;
    });
  }

  static String headerName(String s, Set<String> owned) {
    if (!HttpTokens.isToken(s)) {
      throw ValueReader.invalid(s, "a header name");
    }
    if (owned.contains(s.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(Quote.of(s) + " is set by the gateway (expected: another header)");
    }
    return s;
  }

  static String queryName(String s) {
    if (s.isEmpty() || s.contains("&") || s.contains("=")) {
      throw ValueReader.invalid(s, "a query parameter name");
    }
    return s;
  }

  /** Identity headers are configured separately; a transform must not forge them either. */
  void checkRoutes(List<RouteConfig> routes, IdentityHeadersConfig identity) {
    List<String> names = new ArrayList<>(List.of(identity.subject(), identity.tenant(), identity.consumer(),
        identity.plan(), identity.scopes()));
    names.addAll(identity.claims().values());
    for (int i = 0; i < routes.size(); i++) {
      TransformConfig t = routes.get(i).transform();
      if (t == null) {
        continue;
      }
      String at = "routes[" + i + "].transform.request.headers";
      TransformConfig.HeaderEdits h = t.requestHeaders();
      List<String[]> written = new ArrayList<>();
      h.set().keySet().forEach(n -> written.add(new String[] {"set." + n, n}));
      h.add().keySet().forEach(n -> written.add(new String[] {"add." + n, n}));
      h.rename().forEach((from, to) -> written.add(new String[] {"rename." + from, to}));
      for (String[] w : written) {
        if (names.stream().anyMatch(n -> n.equalsIgnoreCase(w[1]))) {
          reader.error(reader.sourceMap().errorAt(at + "." + w[0], Quote.of(w[1])
              + " is an identity header set by the gateway (expected: another header)"));
        }
      }
    }
  }

  static final List<String> SPLIT_KEYS = List.of("upstream", "weight");

  /** The route's weighted upstreams, or null if absent or invalid. */
  SplitConfig split(Fields route, Set<String> upstreamNames) {
    if (!route.has("upstreams")) {
      return null;
    }
    int errorsBefore = reader.errorCount();
    if (route.has("upstream") || route.has("aggregate")) {
      reader.error(route.value("upstreams"), route.path("upstreams"), "set together with "
          + (route.has("upstream") ? "upstream" : "aggregate") + " (expected: one of upstream, upstreams and aggregate)");
    }
    List<SplitConfig.Weighted> weighted = new ArrayList<>();
    List<Node> items = reader.items(route.value("upstreams"), route.path("upstreams"), "{ upstream, weight }");
    for (int i = 0; i < items.size(); i++) {
      Fields f = reader.fields(items.get(i), route.path("upstreams") + "[" + i + "]", SPLIT_KEYS);
      if (!f.isMapping()) {
        continue;
      }
      f.require("upstream", "weight");
      String name = f.string("upstream", "", "an upstream name");
      if (!name.isEmpty() && !upstreamNames.contains(name)) {
        reader.error(f.value("upstream"), f.path("upstream"), Quote.of(name) + " is not a defined upstream "
            + (upstreamNames.isEmpty() ? "(no upstreams are defined)" : EditDistance.suggestion(name, upstreamNames)));
      }
      if (weighted.stream().anyMatch(w -> w.upstream().equals(name))) {
        reader.error(f.value("upstream"), f.path("upstream"), Quote.of(name) + " is listed twice (expected: distinct upstreams)");
      }
      int weight = f.integer("weight", 0, 0, 1_000_000, "a weight 0-1000000");
      weighted.add(new SplitConfig.Weighted(name, weight));
    }
    if (reader.errorCount() == errorsBefore && weighted.stream().mapToInt(SplitConfig.Weighted::weight).sum() == 0) {
      reader.error(route.value("upstreams"), route.path("upstreams"),
          "no upstream has a weight above 0 (expected: at least one positive weight)");
    }
    return reader.errorCount() != errorsBefore ? null : new SplitConfig(weighted);
  }

  /** The route's deprecation, or null if absent or invalid. */
  DeprecationConfig deprecated(Fields route) {
    if (!route.has("deprecated")) {
      return null;
    }
    int errorsBefore = reader.errorCount();
    Fields f = route.fields("deprecated", DEPRECATED_KEYS);
    java.time.Instant since = f.get("since", null, DATE_EXPECTED, TransformBinder::date);
    java.time.Instant sunset = f.get("sunset", null, DATE_EXPECTED, TransformBinder::date);
    java.net.URI link = f.get("link", null, "an absolute http or https URL", TransformBinder::link);
    if (since != null && sunset != null && !sunset.isAfter(since) && reader.errorCount() == errorsBefore) {
      reader.error(f.value("sunset"), f.path("sunset"), Quote.of(sunset.toString()) + " is not after since "
          + since + " (expected: a later date)");
    }
    return reader.errorCount() != errorsBefore ? null : new DeprecationConfig(since, sunset, link);
  }

  static java.time.Instant date(String s) {
    try {
      return s.contains("T") ? java.time.OffsetDateTime.parse(s.strip()).toInstant()
          : java.time.LocalDate.parse(s.strip()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw ValueReader.invalid(s, DATE_EXPECTED);
    }
  }

  static java.net.URI link(String s) {
    try {
      java.net.URI uri = new java.net.URI(s.strip());
      if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw ValueReader.invalid(s, "an absolute http or https URL");
  }

  /** The route's validate, or null if absent or invalid. */
  ValidateConfig validate(Fields route, String matchPath) {
    if (!route.has("validate")) {
      return null;
    }
    int errorsBefore = reader.errorCount();
    Fields f = route.fields("validate", VALIDATE_KEYS);
    if (f.has("body") && f.has("schemaFile")) {
      reader.error(f.value("schemaFile"), f.path("schemaFile"), "set together with body (expected: one of them)");
    }
    JsonNode body = null;
    if (f.has("body")) {
      body = schema(f.value("body"), f.path("body"));
    } else if (f.has("schemaFile")) {
      Path file = f.get("schemaFile", null, "a JSON Schema file", Path::of);
      if (file != null) {
        try {
          body = new ObjectMapper().readTree(Files.readString(file));
          Schemas.Problem problem = Schemas.check(body);
          if (problem != null) {
            reader.error(f.value("schemaFile"), f.path("schemaFile"),
                Quote.of(file.toString()) + ": " + problem.message());
          }
        } catch (IOException e) {
          reader.error(f.value("schemaFile"), f.path("schemaFile"), Quote.of(file.toString())
              + " cannot be read as JSON: " + e.getMessage().lines().findFirst().orElse("") + " (expected: a JSON Schema file)");
        }
      }
    }
    Map<String, JsonNode> query = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries("query", "a mapping of query parameter names to schemas")) {
      JsonNode schema = schema(e.value(), f.path("query") + "." + e.key());
      if (schema != null) {
        query.put(e.key(), schema);
      }
    }
    Map<String, JsonNode> path = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries("path", "a mapping of route parameter names to schemas")) {
      String at = f.path("path") + "." + e.key();
      if (!matchPath.contains("{" + e.key() + "}") && !matchPath.contains("{" + e.key() + "*}")) {
        reader.error(e.keyNode(), at, Quote.of(e.key()) + " is not a route parameter of " + matchPath
            + " (expected: a {name} in match.path)");
        continue;
      }
      JsonNode schema = schema(e.value(), at);
      if (schema != null) {
        path.put(e.key(), schema);
      }
    }
    long maxBodySize = f.size("maxBodySize", ValidateConfig.DEFAULT_MAX_BODY_SIZE, Integer.MAX_VALUE);
    OpenApiConfig openapi = f.has("openapi") ? new OpenApiBinder(reader).bind(f, matchPath) : null;
    return reader.errorCount() != errorsBefore ? null : new ValidateConfig(body, query, path, maxBodySize, openapi);
  }

  /** A schema written in YAML, checked against the JSON Schema 2020-12 meta-schema. */
  private JsonNode schema(Node node, String path) {
    if (!(node instanceof MappingNode) && !(node instanceof ScalarNode && json(node).isBoolean())) {
      reader.error(node, path, YamlNodes.describe(node) + " (expected: a JSON Schema mapping)");
      return null;
    }
    JsonNode schema = json(node);
    Schemas.Problem problem = Schemas.check(schema);
    if (problem != null) {
      reader.error(at(node, problem.pointer()), path, problem.message());
      return null;
    }
    return schema;
  }

  /** The YAML node a JSON Pointer into a schema names, so the error points at the offending line. */
  private static Node at(Node node, String pointer) {
    Node at = node;
    for (String segment : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/", -1)) {
      String key = segment.replace("~1", "/").replace("~0", "~");
      Node next = null;
      if (at instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          if (((ScalarNode) t.getKeyNode()).getValue().equals(key)) {
            next = t.getValueNode();
          }
        }
      } else if (at instanceof SequenceNode s && key.chars().allMatch(Character::isDigit) && !key.isEmpty()
          && key.length() < 9 && Integer.parseInt(key) < s.getValue().size()) {
        next = s.getValue().get(Integer.parseInt(key));
      }
      if (next == null) {
        break;
      }
      at = next;
    }
    return at;
  }

  /** YAML to JSON, keeping the types the YAML resolver gave scalars. */
  static JsonNode json(Node node) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node instanceof MappingNode m) {
      ObjectNode out = f.objectNode();
      for (NodeTuple t : m.getValue()) {
        out.set(((ScalarNode) t.getKeyNode()).getValue(), json(t.getValueNode()));
      }
      return out;
    }
    if (node instanceof SequenceNode s) {
      var out = f.arrayNode();
      s.getValue().forEach(item -> out.add(json(item)));
      return out;
    }
    ScalarNode s = (ScalarNode) node;
    String v = s.getValue();
    // The config is composed with every scalar as text; a schema needs YAML's own types for plain scalars.
    Tag tag = s.isPlain() ? YAML_TYPES.resolve(NodeId.scalar, v, true) : Tag.STR;
    try {
      if (Tag.NULL.equals(tag)) {
        return f.nullNode();
      } else if (Tag.BOOL.equals(tag)) {
        return f.booleanNode(Boolean.parseBoolean(v.toLowerCase(Locale.ROOT)));
      } else if (Tag.INT.equals(tag)) {
        java.math.BigInteger n = new java.math.BigInteger(v.replace("_", ""));
        return n.bitLength() < 64 ? f.numberNode(n.longValue()) : f.numberNode(n);
      } else if (Tag.FLOAT.equals(tag)) {
        return f.numberNode(new java.math.BigDecimal(v.replace("_", "")));
      }
    } catch (NumberFormatException e) {
      // Hex, octal or sexagesimal YAML numbers: kept as text.
    }
    return f.textNode(v);
  }
}
