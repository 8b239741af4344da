package dev.portico.transform;

import dev.portico.config.ShapeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One view of a JSON document: keeps the selected fields, moves renamed ones to their new path, and
 * drops the rest. Paths are dotted ({@code order.id}) or JSON Pointers ({@code /order/id}); a path
 * through an array applies to each element ({@code products.name} keeps every product's name). The
 * source is never modified: coalesced upstream answers may be shared between requests.
 */
public final class JsonView {
  private static final Object MISSING = new Object();

  private record Move(List<String> from, List<String> to) {}

  private final List<Move> moves;
  private final boolean keepAll;

  private JsonView(List<Move> moves, boolean keepAll) {
    this.moves = moves;
    this.keepAll = keepAll;
  }

  public static JsonView of(ShapeConfig.View view) {
    List<Move> moves = new ArrayList<>();
    for (String field : view.fields()) {
      List<String> path = segments(field);
      if (!view.rename().containsKey(field)) {
        moves.add(new Move(path, path));
      }
    }
    view.rename().forEach((from, to) -> moves.add(new Move(segments(from), segments(to))));
    return new JsonView(List.copyOf(moves), view.fields().isEmpty());
  }

  /** The view of {@code source}; a top-level array is viewed element by element. */
  public Object apply(Object source) {
    if (source instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(element -> out.add(apply(element)));
      return out;
    }
    if (!(source instanceof JsonObject object)) {
      return source;
    }
    JsonObject out;
    if (keepAll) {
      out = object.copy();
      for (Move move : moves) {
        remove(out, move.from());
      }
    } else {
      out = new JsonObject();
    }
    for (Move move : moves) {
      project(object, out, move.from(), move.to());
    }
    return out;
  }

  private static void project(JsonObject source, JsonObject out, List<String> from, List<String> to) {
    if (from.size() > 1 && to.size() > 1 && from.get(0).equals(to.get(0))) {
      String key = from.get(0);
      Object child = source.getValue(key);
      List<String> restFrom = from.subList(1, from.size());
      List<String> restTo = to.subList(1, to.size());
      if (child instanceof JsonObject childObject) {
        Object existing = out.getValue(key);
        JsonObject target = existing instanceof JsonObject o ? o : new JsonObject();
        out.put(key, target);
        project(childObject, target, restFrom, restTo);
        return;
      }
      if (child instanceof JsonArray childArray && isIndex(restFrom.get(0)) && restFrom.get(0).equals(restTo.get(0))
          && restFrom.size() > 1 && restTo.size() > 1) {
        // An index picks one element; the view keeps the selected elements as a list.
        int index = Integer.parseInt(restFrom.get(0));
        if (index < childArray.size() && childArray.getValue(index) instanceof JsonObject element) {
          Object existing = out.getValue(key);
          JsonArray target = existing instanceof JsonArray a ? a : new JsonArray();
          out.put(key, target);
          JsonObject picked = new JsonObject();
          project(element, picked, restFrom.subList(1, restFrom.size()), restTo.subList(1, restTo.size()));
          target.add(picked);
        }
        return;
      }
      if (child instanceof JsonArray childArray && !isIndex(restFrom.get(0))) {
        Object existing = out.getValue(key);
        JsonArray target = existing instanceof JsonArray a && a.size() == childArray.size() ? a : null;
        if (target == null) {
          target = new JsonArray();
          for (Object element : childArray) {
            target.add(element instanceof JsonObject ? new JsonObject() : copy(element));
          }
          out.put(key, target);
        }
        for (int i = 0; i < childArray.size(); i++) {
          if (childArray.getValue(i) instanceof JsonObject element) {
            project(element, target.getJsonObject(i), restFrom, restTo);
          }
        }
        return;
      }
    }
    Object value = extract(source, from, 0);
    if (value != MISSING) {
      set(out, to, copy(value));
    }
  }

  private static Object extract(Object node, List<String> path, int i) {
    if (i == path.size()) {
      return node;
    }
    String segment = path.get(i);
    if (node instanceof JsonObject object) {
      return object.containsKey(segment) ? extract(object.getValue(segment), path, i + 1) : MISSING;
    }
    if (node instanceof JsonArray array) {
      if (isIndex(segment)) {
        int index = Integer.parseInt(segment);
        return index < array.size() ? extract(array.getValue(index), path, i + 1) : MISSING;
      }
      JsonArray out = new JsonArray();
      for (Object element : array) {
        Object v = extract(element, path, i);
        if (v != MISSING) {
          out.add(v);
        }
      }
      return out;
    }
    return MISSING;
  }

  private static void set(JsonObject out, List<String> path, Object value) {
    JsonObject at = out;
    for (int i = 0; i < path.size() - 1; i++) {
      Object next = at.getValue(path.get(i));
      if (!(next instanceof JsonObject)) {
        next = new JsonObject();
        at.put(path.get(i), next);
      }
      at = (JsonObject) next;
    }
    String last = path.get(path.size() - 1);
    if (at.getValue(last) instanceof JsonObject existing && value instanceof JsonObject add) {
      existing.mergeIn(add, true);
    } else {
      at.put(last, value);
    }
  }

  private static void remove(JsonObject out, List<String> path) {
    Object at = out;
    for (int i = 0; i < path.size() - 1 && at instanceof JsonObject o; i++) {
      at = o.getValue(path.get(i));
    }
    if (at instanceof JsonObject o) {
      o.remove(path.get(path.size() - 1));
    } else if (at instanceof JsonArray a) {
      for (Object element : a) {
        if (element instanceof JsonObject e) {
          e.remove(path.get(path.size() - 1));
        }
      }
    }
  }

  private static Object copy(Object value) {
    if (value instanceof JsonObject o) {
      return o.copy();
    }
    return value instanceof JsonArray a ? a.copy() : value;
  }

  private static boolean isIndex(String segment) {
    return !segment.isEmpty() && segment.length() < 10 && segment.chars().allMatch(Character::isDigit);
  }

  /** Splits a dotted path or a JSON Pointer (RFC 6901, with ~1 and ~0 escapes). */
  static List<String> segments(String path) {
    if (path.startsWith("/")) {
      return Arrays.stream(path.substring(1).split("/", -1))
          .map(s -> s.replace("~1", "/").replace("~0", "~"))
          .toList();
    }
    return List.of(path.split("\\.", -1));
  }

  /** Views by name, compiled. */
  static Map<String, JsonView> all(Map<String, ShapeConfig.View> views) {
    Map<String, JsonView> out = new java.util.HashMap<>();
    views.forEach((name, view) -> out.put(name, of(view)));
    return Map.copyOf(out);
  }
}
