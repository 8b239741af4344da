package dev.portico.transform;

import dev.portico.config.TransformConfig;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Edits the raw query string of the upstream request: remove, rename, set. Parameters it does not
 * touch keep their exact encoding and order.
 */
final class QueryEditor {
  private final List<String> remove;
  private final Map<String, String> rename;
  private final Map<String, RequestTemplate> set;

  private QueryEditor(TransformConfig.QueryEdits edits) {
    this.remove = edits.remove();
    this.rename = edits.rename();
    this.set = RequestTemplate.all(edits.set());
  }

  static QueryEditor of(TransformConfig.QueryEdits edits) {
    return edits == null || edits.isEmpty() ? null : new QueryEditor(edits);
  }

  String apply(String rawQuery, RequestTemplate.Values values) {
    StringBuilder out = new StringBuilder(rawQuery == null ? 32 : rawQuery.length() + 32);
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String rawName = eq < 0 ? pair : pair.substring(0, eq);
        String name = QueryStringDecoder.decodeComponent(rawName);
        if (remove.contains(name) || set.containsKey(name)) {
          continue;
        }
        String renamed = rename.get(name);
        if (renamed != null && set.containsKey(renamed)) {
          continue;
        }
        append(out, renamed == null ? pair : encode(renamed) + (eq < 0 ? "" : pair.substring(eq)));
      }
    }
    set.forEach((name, template) -> {
      String value = template.render(values, false);
      if (value != null) {
        append(out, encode(name) + "=" + encode(value));
      }
    });
    return out.toString();
  }

  private static void append(StringBuilder out, String pair) {
    if (!out.isEmpty()) {
      out.append('&');
    }
    out.append(pair);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
