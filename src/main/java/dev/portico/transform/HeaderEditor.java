package dev.portico.transform;

import dev.portico.config.TransformConfig;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;

/** Applies one {@link TransformConfig.HeaderEdits}: remove, rename, set, add, with templates rendered per request. */
final class HeaderEditor {
  private final List<String> remove;
  private final Map<String, String> rename;
  private final Map<String, RequestTemplate> set;
  private final Map<String, RequestTemplate> add;

  private HeaderEditor(TransformConfig.HeaderEdits edits) {
    this.remove = edits.remove();
    this.rename = edits.rename();
    this.set = RequestTemplate.all(edits.set());
    this.add = RequestTemplate.all(edits.add());
  }

  /** Null when there is nothing to edit. */
  static HeaderEditor of(TransformConfig.HeaderEdits edits) {
    return edits == null || edits.isEmpty() ? null : new HeaderEditor(edits);
  }

  /**
   * @param values the request's values for templates; a header whose template names an absent value
   *               (no identity on a public route, a missing query parameter) is left out
   */
  void apply(MultiMap headers, RequestTemplate.Values values) {
    for (String name : remove) {
      headers.remove(name);
    }
    rename.forEach((from, to) -> {
      List<String> moved = headers.getAll(from);
      if (!moved.isEmpty()) {
        headers.remove(from);
        headers.set(to, (Iterable<String>) List.copyOf(moved));
      }
    });
    set.forEach((name, template) -> {
      String value = template.render(values, false);
      if (value == null) {
        headers.remove(name);
      } else {
        headers.set(name, value);
      }
    });
    add.forEach((name, template) -> {
      String value = template.render(values, false);
      if (value != null) {
        headers.add(name, value);
      }
    });
  }
}
