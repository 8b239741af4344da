package dev.portico.config;

import dev.portico.security.cors.OriginPattern;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Binds a CORS policy: the global {@code cors} and each route's {@code cors} (or {@code cors: false}). */
final class CorsBinder {
  static final List<String> KEYS = List.of("allowedOrigins", "allowedMethods", "allowedHeaders", "exposedHeaders",
      "allowCredentials", "maxAge");
  static final String POLICY_EXPECTED = "a CORS policy mapping, or false to turn the global policy off";
  static final String METHOD_EXPECTED = "an HTTP method like GET, or \"*\"";
  static final String HEADER_EXPECTED = "a header name, or \"*\"";

  private final ValueReader reader;

  CorsBinder(ValueReader reader) {
    this.reader = reader;
  }

  /** The policy under {@code key} of {@code parent}: null if absent or invalid, DISABLED for false. */
  CorsConfig bind(Fields parent, String key) {
    if (!parent.has(key)) {
      return null;
    }
    Node node = parent.value(key);
    if (node instanceof ScalarNode && !YamlNodes.isNull(node)) {
      Boolean on = reader.parse(node, parent.path(key), POLICY_EXPECTED, s -> {
        if (!s.equals("false")) {
          throw ValueReader.invalid(s, POLICY_EXPECTED);
        }
        return Boolean.FALSE;
      });
      return on == null ? null : CorsConfig.DISABLED;
    }
    int errorsBefore = reader.errorCount();
    Fields f = parent.fields(key, KEYS);
    if (!f.isMapping()) {
      return null;
    }
    if (YamlNodes.isNull(node) || !f.has("allowedOrigins")) {
      reader.error(node, f.path(), "missing required key \"allowedOrigins\" (expected: " + OriginPattern.EXPECTED
          + ")");
      return null;
    }
    List<String> origins = f.list("allowedOrigins", OriginPattern.EXPECTED, CorsBinder::origin);
    if (origins.isEmpty() && reader.errorCount() == errorsBefore) {
      reader.error(f.value("allowedOrigins"), f.path("allowedOrigins"),
          "empty list (expected: at least one of " + OriginPattern.EXPECTED + ")");
    }
    List<String> methods = f.has("allowedMethods")
        ? f.list("allowedMethods", METHOD_EXPECTED, CorsBinder::method)
        : CorsConfig.DEFAULT_METHODS;
    List<String> headers = f.list("allowedHeaders", HEADER_EXPECTED, s -> header(s).toLowerCase(Locale.ROOT));
    List<String> exposed = f.list("exposedHeaders", HEADER_EXPECTED, CorsBinder::header);
    boolean credentials = f.bool("allowCredentials", false);
    Duration maxAge = f.duration("maxAge", null, false);
    if (reader.errorCount() != errorsBefore) {
      return null;
    }
    if (credentials) {
      // A credentialed answer readable by any site is the one CORS mistake that leaks user data.
      anyWithCredentials(f, "allowedOrigins", origins,
          "explicit origins or patterns: credentialed responses must not be readable by every site");
      anyWithCredentials(f, "exposedHeaders", exposed, "header names: browsers read \"*\" literally with credentials");
      if (reader.errorCount() != errorsBefore) {
        return null;
      }
    }
    return new CorsConfig(true, origins, methods, headers, exposed, credentials, maxAge);
  }

  private void anyWithCredentials(Fields f, String key, List<String> values, String expected) {
    int i = values.indexOf(CorsConfig.ANY);
    if (i >= 0) {
      reader.error(reader.sourceMap().errorAt(f.path(key) + "[" + i + "]",
          "\"*\" with allowCredentials: true (expected: " + expected + ")"));
    }
  }

  static String origin(String s) {
    try {
      return OriginPattern.parse(s.strip()).normalized();
    } catch (IllegalArgumentException e) {
      throw ValueReader.invalid(s, e.getMessage());
    }
  }

  static String method(String s) {
    if (s.equals(CorsConfig.ANY)) {
      return s;
    }
    try {
      return Binder.method(s);
    } catch (IllegalArgumentException e) {
      throw ValueReader.invalid(s, METHOD_EXPECTED);
    }
  }

  static String header(String s) {
    if (!s.equals(CorsConfig.ANY) && !HttpTokens.isToken(s)) {
      throw ValueReader.invalid(s, HEADER_EXPECTED);
    }
    return s;
  }
}
