package dev.portico.admin;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin API's endpoints by method and path template ({@code /routes/{id}}). A path no template matches is a 404
 * problem; a path some template matches with another method is a 405 with {@code Allow}. The list is also what the
 * OpenAPI test checks the description against.
 */
final class AdminRouter {

  /** One endpoint's work; {@code params} holds the template's decoded path parameters. */
  @FunctionalInterface
  interface Action {
    void handle(HttpServerRequest request, Map<String, String> params);
  }

  record Endpoint(HttpMethod method, String template, Action action) {}

  private final List<Endpoint> endpoints = new ArrayList<>();

  AdminRouter on(HttpMethod method, String template, Action action) {
    endpoints.add(new Endpoint(method, template, action));
    return this;
  }

  List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  void dispatch(HttpServerRequest request) {
    String path = request.path();
    Set<String> allowed = new LinkedHashSet<>();
    for (Endpoint e : endpoints) {
      Map<String, String> params = match(e.template(), path);
      if (params == null) {
        continue;
      }
      if (e.method().equals(request.method())) {
        e.action().handle(request, params);
        return;
      }
      allowed.add(e.method().name());
    }
    if (allowed.isEmpty()) {
      AdminHttp.notFound(request, "unknown admin path " + path + " (expected: a path listed in /openapi.json)");
    } else {
      String allow = String.join(", ", allowed);
      request.response().putHeader("Allow", allow);
      AdminHttp.problem(request, 405, "method_not_allowed", "Method Not Allowed",
          request.method().name() + " " + path + " (expected: " + allow + ")");
    }
  }

  /** The path parameters if {@code path} fits {@code template}, else {@code null}. */
  static Map<String, String> match(String template, String path) {
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    if (t.length != p.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < t.length; i++) {
      if (t[i].startsWith("{") && t[i].endsWith("}")) {
        if (p[i].isEmpty()) {
          return null;
        }
        params.put(t[i].substring(1, t[i].length() - 1), decode(p[i]));
      } else if (!t[i].equals(p[i])) {
        return null;
      }
    }
    return params;
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment; // a malformed escape: the literal text names nothing, so the lookup says 404
    }
  }
}
