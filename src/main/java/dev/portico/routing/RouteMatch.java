package dev.portico.routing;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Result of {@link RouteTable#match(RequestView)}: never null. Path params are extracted only when first
 * asked for, and only for the winning route.
 */
public final class RouteMatch<T> {

  public enum Status { MATCHED, NOT_FOUND, METHOD_NOT_ALLOWED }

  private static final RouteMatch<?> NOT_FOUND =
      new RouteMatch<>(Status.NOT_FOUND, null, null, null, Map.of(), Set.of());

  private final Status status;
  private final T value;
  private final PathPattern pattern; // null unless matched by a table
  private final String path;
  private final Set<String> allowedMethods;
  private Map<String, String> pathParams; // lazily; an immutable map, so a racy publish is harmless

  private RouteMatch(Status status, T value, PathPattern pattern, String path,
      Map<String, String> pathParams, Set<String> allowedMethods) {
    this.status = status;
    this.value = value;
    this.pattern = pattern;
    this.path = path;
    this.pathParams = pathParams;
    this.allowedMethods = allowedMethods;
  }

  static <T> RouteMatch<T> matched(CompiledRoute<T> route, String path) {
    return new RouteMatch<>(Status.MATCHED, route.value, route.pattern, path,
        route.pattern.capturing ? null : Map.of(), Set.of());
  }

  /** A match with the given params, e.g. for a fake router in tests. */
  public static <T> RouteMatch<T> matched(T value, Map<String, String> pathParams) {
    return new RouteMatch<>(Status.MATCHED, Objects.requireNonNull(value, "value"), null, null,
        Map.copyOf(pathParams), Set.of());
  }

  @SuppressWarnings("unchecked")
  public static <T> RouteMatch<T> notFound() {
    return (RouteMatch<T>) NOT_FOUND;
  }

  /** A 405 result; {@code allowedMethods} (kept sorted) is what the Allow header should list. */
  public static <T> RouteMatch<T> methodNotAllowed(Set<String> allowedMethods) {
    return new RouteMatch<>(Status.METHOD_NOT_ALLOWED, null, null, null, Map.of(),
        Collections.unmodifiableSortedSet(new TreeSet<>(allowedMethods)));
  }

  public Status status() {
    return status;
  }

  /** The route's value; null unless {@link Status#MATCHED}. */
  public T value() {
    return value;
  }

  /**
   * {@code {name}} captures, percent-decoded (UTF-8); and, for a {@code **} pattern, the rest of the path
   * after the prefix (without its leading slash, still in canonical percent-encoded form, since it is a
   * path, not a value) under the key {@code "**"}. Empty unless matched.
   */
  public Map<String, String> pathParams() {
    Map<String, String> p = pathParams;
    if (p == null) {
      p = pattern.extract(path);
      pathParams = p;
    }
    return p;
  }

  /** For {@link Status#METHOD_NOT_ALLOWED}: the methods that would have matched. Empty otherwise. */
  public Set<String> allowedMethods() {
    return allowedMethods;
  }

  @Override
  public String toString() {
    return switch (status) {
      case MATCHED -> "MATCHED " + value + (pattern == null ? "" : " via " + pattern) + " " + pathParams();
      case NOT_FOUND -> "NOT_FOUND";
      case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED allow=" + allowedMethods;
    };
  }
}
