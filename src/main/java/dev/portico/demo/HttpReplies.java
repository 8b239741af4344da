package dev.portico.demo;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.OptionalInt;

/** Small helpers the three services share to answer JSON and RFC 9457 problem bodies. */
final class HttpReplies {

  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  private HttpReplies() {
  }

  static void json(HttpServerRequest req, int status, JsonObject body) {
    send(req, status, JSON, body.encode());
  }

  static void json(HttpServerRequest req, int status, JsonArray body) {
    send(req, status, JSON, body.encode());
  }

  /** A problem body ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}). */
  static JsonObject problem(HttpServerRequest req, int status, String title, String detail) {
    return new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("instance", req.path());
  }

  static void problem(HttpServerRequest req, JsonObject problem) {
    send(req, problem.getInteger("status"), PROBLEM_JSON, problem.encode());
  }

  static void notFound(HttpServerRequest req, String detail) {
    problem(req, problem(req, 404, "Not Found", detail));
  }

  static void methodNotAllowed(HttpServerRequest req, String allow) {
    req.response().putHeader("Allow", allow);
    problem(req, problem(req, 405, "Method Not Allowed",
        req.method().name() + " is not allowed on " + req.path() + " (allowed: " + allow + ")"));
  }

  static JsonObject health(String service) {
    return new JsonObject().put("status", "UP").put("service", service);
  }

  /** Parses a positive decimal id, or empty for anything else ("abc", "-1", "", overflow). */
  static OptionalInt parseId(String text) {
    if (text == null || text.isEmpty() || text.length() > 9) {
      return OptionalInt.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return OptionalInt.empty();
      }
    }
    int id = Integer.parseInt(text);
    return id > 0 ? OptionalInt.of(id) : OptionalInt.empty();
  }

  /** The path without one trailing slash, so {@code /orders/} and {@code /orders} are the same resource. */
  static String normalizedPath(HttpServerRequest req) {
    String path = req.path();
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static void send(HttpServerRequest req, int status, String contentType, String body) {
    HttpServerResponse response = req.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", contentType).end(body);
  }
}
