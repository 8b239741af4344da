package dev.portico.config;

import dev.portico.observe.AccessLogField;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Binds the top-level {@code accessLog} and {@code tracing} sections. */
final class ObservabilityBinder {

  static final List<String> ACCESS_LOG_KEYS = List.of("enabled", "path", "fields", "sampling");
  static final List<String> ACCESS_LOG_SAMPLING_KEYS = List.of("successes");
  static final List<String> TRACING_KEYS = List.of("sampling", "otlp", "serviceName");
  static final List<String> OTLP_KEYS = List.of("endpoint", "timeout", "headers");

  static final String SHARE_EXPECTED = "a share like 10% or 0.1 (0%-100%)";
  static final String FIELD_EXPECTED = "an access-log field name";
  static final String ENDPOINT_EXPECTED = "an http:// or https:// URL of an OTLP/HTTP traces receiver";

  private final ValueReader reader;

  ObservabilityBinder(ValueReader reader) {
    this.reader = reader;
  }

  AccessLogConfig accessLog(Fields f) {
    boolean enabled = f.bool("enabled", true);
    String path = f.string("path", AccessLogConfig.STDOUT, "stdout or a file path");
    Set<AccessLogField> fields = AccessLogConfig.DEFAULT_FIELDS;
    if (f.has("fields")) {
      int errorsBefore = reader.errorCount();
      fields = new LinkedHashSet<>(f.list("fields", FIELD_EXPECTED, ObservabilityBinder::field));
      if (fields.isEmpty() && reader.errorCount() == errorsBefore) {
        reader.error(f.value("fields"), f.path("fields"),
            "empty list (expected: at least one of " + String.join(", ", AccessLogField.names()) + ")");
      }
    }
    double successes = f.fields("sampling", ACCESS_LOG_SAMPLING_KEYS)
        .get("successes", 1.0, SHARE_EXPECTED, ObservabilityBinder::share);
    return new AccessLogConfig(enabled, path, fields, successes);
  }

  /** {@code null} when the section is absent: tracing off. */
  TracingConfig tracing(Fields f) {
    if (f.node() == null || YamlNodes.isNull(f.node()) || !f.isMapping()) {
      return null;
    }
    double sampling = f.get("sampling", TracingConfig.DEFAULT_SAMPLING, SHARE_EXPECTED, ObservabilityBinder::share);
    String serviceName = f.string("serviceName", TracingConfig.DEFAULT_SERVICE_NAME, "a service name");
    Fields otlp = f.fields("otlp", OTLP_KEYS);
    URI endpoint = otlp.get("endpoint", TracingConfig.DEFAULT_ENDPOINT, ENDPOINT_EXPECTED, ObservabilityBinder::endpoint);
    Duration timeout = otlp.duration("timeout", TracingConfig.DEFAULT_TIMEOUT, true);
    Map<String, String> headers = new LinkedHashMap<>();
    for (ValueReader.Entry e : otlp.entries("headers", "a mapping of header names to values")) {
      String path = otlp.path("headers") + "." + e.key();
      if (!HttpTokens.isToken(e.key())) {
        reader.error(e.keyNode(), path, Quote.of(e.key()) + " (expected: a header name)");
        continue;
      }
      ValueReader.Scalar value = reader.scalar(e.value(), path, "a header value");
      if (value != null) {
        headers.put(e.key(), value.value());
      }
    }
    return new TracingConfig(sampling, endpoint, timeout, headers, serviceName);
  }

  static AccessLogField field(String s) {
    try {
      return AccessLogField.of(s.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Quote.of(s) + " is not a field "
          + EditDistance.suggestion(s.strip(), AccessLogField.names()));
    }
  }

  /** {@code 10%} or {@code 0.1}: both spellings of a share, 0 to 1. */
  static double share(String s) {
    String t = s.strip();
    boolean percent = t.endsWith("%");
    try {
      double v = Double.parseDouble(percent ? t.substring(0, t.length() - 1).strip() : t);
      double share = percent ? v / 100 : v;
      if (!(share >= 0 && share <= 1) || t.startsWith("+")) {
        throw ValueReader.invalid(s, SHARE_EXPECTED);
      }
      return share;
    } catch (NumberFormatException e) {
      throw ValueReader.invalid(s, SHARE_EXPECTED);
    }
  }

  static URI endpoint(String s) {
    try {
      URI uri = new URI(s.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
        throw ValueReader.invalid(s, ENDPOINT_EXPECTED);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ValueReader.invalid(s, ENDPOINT_EXPECTED);
    }
  }
}
