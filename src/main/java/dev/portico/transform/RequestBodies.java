package dev.portico.transform;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/** Reads a client's request body whole, for filters that must see it before the upstream does. */
public final class RequestBodies {
  private RequestBodies() {}

  /** Whether the request declares a JSON body ({@code application/json} or {@code +json}). */
  public static boolean isJson(HttpServerRequest request) {
    String type = request.getHeader("content-type");
    if (type == null) {
      return false;
    }
    String media = type.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
    return media.equals("application/json") || media.endsWith("+json");
  }

  /** The declared length is past the limit: the body cannot be read whole. */
  public static boolean declaredOver(HttpServerRequest request, long limit) {
    String declared = request.getHeader("content-length");
    return declared != null && (declared.length() >= 19 || !declared.chars().allMatch(Character::isDigit)
        || Long.parseLong(declared) > limit);
  }

  /** Reads the whole body, failing with 413 past the limit. The request arrives paused. */
  public static Future<Buffer> read(HttpServerRequest request, long limit) {
    if (declaredOver(request, limit)) {
      return Future.failedFuture(tooLarge(limit));
    }
    if (request.isEnded()) {
      return Future.succeededFuture(Buffer.buffer());
    }
    Promise<Buffer> read = Promise.promise();
    Buffer buffer = Buffer.buffer();
    request.handler(chunk -> {
      if (buffer.length() + chunk.length() > limit) {
        request.handler(null);
        read.tryFail(tooLarge(limit));
        return;
      }
      buffer.appendBuffer(chunk);
    });
    request.endHandler(v -> read.tryComplete(buffer));
    request.exceptionHandler(read::tryFail);
    request.resume();
    return read.future();
  }

  private static GatewayException tooLarge(long limit) {
    return new GatewayException(ErrorCode.BODY_TOO_LARGE, "The request body exceeds the limit of " + limit
        + " bytes.");
  }
}
