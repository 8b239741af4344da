package dev.portico.config;

import java.util.List;
import java.util.Locale;

/** Binds {@code match.mediaType}: {@code { param: version, value: "2" }}, optionally with a {@code type}. */
final class MediaTypeMatchBinder {
  static final List<String> KEYS = List.of("type", "param", "value");
  static final String TYPE_EXPECTED = "a media type like application/vnd.shop+json, without wildcards";
  static final String PARAM_EXPECTED = "a media type parameter name like version, not q";
  static final String VALUE_EXPECTED = "a parameter value like 2";

  private MediaTypeMatchBinder() {}

  /** Null when absent or invalid (the errors are reported). */
  static MediaTypeMatchConfig bind(ValueReader reader, Fields f) {
    if (!f.isMapping() || f.node() == null || YamlNodes.isNull(f.node())) {
      return null;
    }
    int errorsBefore = reader.errorCount();
    f.require("param", "value");
    String type = f.get("type", null, TYPE_EXPECTED, MediaTypeMatchBinder::type);
    String param = f.get("param", null, PARAM_EXPECTED, MediaTypeMatchBinder::param);
    String value = f.get("value", null, VALUE_EXPECTED, MediaTypeMatchBinder::value);
    return reader.errorCount() != errorsBefore || param == null || value == null ? null
        : new MediaTypeMatchConfig(type, param, value);
  }

  static String type(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    int slash = t.indexOf('/');
    if (slash < 0 || t.indexOf('*') >= 0 || !HttpTokens.isToken(t.substring(0, slash))
        || !HttpTokens.isToken(t.substring(slash + 1))) {
      throw ValueReader.invalid(s, TYPE_EXPECTED);
    }
    return t;
  }

  static String param(String s) {
    String p = s.strip().toLowerCase(Locale.ROOT);
    if (!HttpTokens.isToken(p) || p.equals("q")) {
      throw ValueReader.invalid(s, PARAM_EXPECTED);
    }
    return p;
  }

  /** Anything a quoted string can carry: visible ASCII and spaces, not only tokens. */
  static String value(String s) {
    if (s.isEmpty() || !s.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
      throw ValueReader.invalid(s, VALUE_EXPECTED);
    }
    return s;
  }
}
