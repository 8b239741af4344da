package dev.portico.admin;

import dev.portico.config.ConfigError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Response helpers shared by the admin endpoints: JSON bodies, RFC 9457 problem bodies, bounded request bodies. */
final class AdminHttp {
  static final String PROBLEM_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://portico.dev/problems/admin/";
  /** Far above one route or a 10,000-route config (about 1 MiB), small enough to buffer. */
  static final int MAX_CONFIG_BYTES = 16 * 1024 * 1024;

  private AdminHttp() {}

  static void json(HttpServerRequest request, int status, Object body) {
    String text = body instanceof JsonObject o ? o.encodePrettily()
        : body instanceof JsonArray a ? a.encodePrettily() : String.valueOf(body);
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text);
  }

  /**
   * A problem body with a stable {@code code}; the admin API's codes are its own ({@code invalid_config},
   * {@code conflict}, ...), not the gateway's request codes.
   */
  static void problem(HttpServerRequest request, int status, String code, String title, String detail) {
    problem(request, status, code, title, detail, null);
  }

  static void problem(HttpServerRequest request, int status, String code, String title, String detail,
      JsonObject members) {
    if (request.response().ended()) {
      return;
    }
    JsonObject body = new JsonObject().put("type", TYPE_BASE + code).put("title", title).put("status", status)
        .put("detail", detail).put("instance", request.path()).put("code", code);
    if (members != null) {
      members.forEach(m -> body.put(m.getKey(), m.getValue()));
    }
    request.response().setStatusCode(status).putHeader("Content-Type", PROBLEM_TYPE).end(body.encodePrettily());
  }

  /** 422 with every error, each positioned in the file (or request body) its value came from. */
  static void invalidConfig(HttpServerRequest request, String detail, List<ConfigError> errors) {
    problem(request, 422, "invalid_config", "Unprocessable Content", detail,
        new JsonObject().put("errors", errors(errors)));
  }

  static JsonArray errors(List<ConfigError> errors) {
    JsonArray out = new JsonArray();
    for (ConfigError e : errors) {
      out.add(new JsonObject().put("file", e.file()).put("line", e.line()).put("column", e.column())
          .put("path", e.path()).put("message", e.message()).put("text", e.toString()));
    }
    return out;
  }

  static void notFound(HttpServerRequest request, String detail) {
    problem(request, 404, "not_found", "Not Found", detail);
  }

  /** Collects the body up to {@code max} bytes; a larger one is refused with 413 without buffering it. */
  static void readBody(HttpServerRequest request, int max, Handler<Buffer> then) {
    String declared = request.getHeader("Content-Length");
    if (declared != null && declared.matches("[0-9]{1,19}") && Long.parseLong(declared) > max) {
      tooLarge(request, max);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = new boolean[1];
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > max) {
        refused[0] = true;
        tooLarge(request, max);
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> {
      if (!refused[0]) {
        then.handle(body);
      }
    });
  }

  private static void tooLarge(HttpServerRequest request, int max) {
    problem(request, 413, "body_too_large", "Content Too Large", "body: over " + max + " bytes");
  }
}
