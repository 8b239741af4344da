package dev.portico.transform;

import dev.portico.config.TransformConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Removes and renames fields of a JSON document, in place. Paths follow {@link JsonView}: dotted or JSON
 * Pointer, and a path through an array applies to each element.
 */
final class BodyEditor {
  private final List<List<String>> remove;
  private final List<Map.Entry<List<String>, List<String>>> rename;

  private BodyEditor(TransformConfig.BodyEdits edits) {
    this.remove = edits.remove().stream().map(JsonView::segments).toList();
    this.rename = edits.rename().entrySet().stream()
        .map(e -> Map.entry(JsonView.segments(e.getKey()), JsonView.segments(e.getValue())))
        .toList();
  }

  static BodyEditor of(TransformConfig.BodyEdits edits) {
    return edits == null || edits.isEmpty() ? null : new BodyEditor(edits);
  }

  /** Edits a decoded document (an object, or an array of them) and returns it. */
  Object apply(Object document) {
    if (document instanceof JsonArray array) {
      array.forEach(this::apply);
      return array;
    }
    if (document instanceof JsonObject object) {
      for (List<String> path : remove) {
        take(object, path, 0);
      }
      for (Map.Entry<List<String>, List<String>> move : rename) {
        move(object, move.getKey(), move.getValue());
      }
    }
    return document;
  }

  /**
   * Moves a value. A common prefix is walked first, so {@code items.qty -> items.quantity} renames the
   * field in each element of {@code items}.
   */
  private static void move(Object node, List<String> from, List<String> to) {
    if (node instanceof JsonArray array) {
      array.forEach(element -> move(element, from, to));
      return;
    }
    if (!(node instanceof JsonObject object)) {
      return;
    }
    if (from.size() > 1 && to.size() > 1 && from.get(0).equals(to.get(0))) {
      move(object.getValue(from.get(0)), from.subList(1, from.size()), to.subList(1, to.size()));
      return;
    }
    Object value = take(object, from, 0);
    if (value != null) {
      put(object, to, value);
    }
  }

  /** Removes the value at the path and returns it; through arrays, each element loses its own. */
  private static Object take(Object node, List<String> path, int i) {
    String key = path.get(i);
    if (node instanceof JsonObject object) {
      if (i == path.size() - 1) {
        return object.containsKey(key) ? wrapNull(object.remove(key)) : null;
      }
      return take(object.getValue(key), path, i + 1);
    }
    if (node instanceof JsonArray array) {
      for (Object element : array) {
        take(element, path, i);
      }
    }
    return null;
  }

  private static Object wrapNull(Object value) {
    return value == null ? NULL : value;
  }

  private static final Object NULL = new Object();

  private static void put(JsonObject object, List<String> path, Object value) {
    JsonObject at = object;
    for (int i = 0; i < path.size() - 1; i++) {
      Object next = at.getValue(path.get(i));
      if (!(next instanceof JsonObject)) {
        next = new JsonObject();
        at.put(path.get(i), next);
      }
      at = (JsonObject) next;
    }
    at.put(path.get(path.size() - 1), value == NULL ? null : value);
  }
}
