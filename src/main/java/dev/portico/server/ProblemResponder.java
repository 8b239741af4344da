package dev.portico.server;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.error.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Writes the gateway's own responses as RFC 9457 problem bodies. When a response has already
 * started, a problem can no longer be sent, so the stream is reset instead: the client sees a
 * broken response, never a truncated one that looks complete.
 */
public final class ProblemResponder {
  private ProblemResponder() {}

  /** @return the status sent, or 0 when the response had already started and was reset */
  public static int respond(HttpServerRequest request, GatewayException failure, String requestId,
      String allow) {
    return respond(request, failure, requestId, allow, false);
  }

  /** For requests Netty could not parse: answer, then always close the connection. */
  static int respondAndClose(HttpServerRequest request, GatewayException failure, String requestId) {
    return respond(request, failure, requestId, null, true);
  }

  private static int respond(HttpServerRequest request, GatewayException failure, String requestId,
      String allow, boolean alwaysClose) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return response.ended() ? response.getStatusCode() : 0;
    }
    if (response.headWritten()) {
      response.reset();
      return 0;
    }
    ErrorCode code = failure.code();
    String body = new Problem(code, failure.detail(), request.path(), requestId, failure.members()).toJson();
    response.headers().clear();
    response.setStatusCode(code.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .putHeader("Cache-Control", "no-store")
        .putHeader(RequestIds.HEADER, requestId);
    failure.headers().forEach(response::putHeader);
    if (allow != null) {
      response.putHeader("Allow", allow);
    }
    failure.headers().forEach(response::putHeader);
    boolean closeAfter = alwaysClose
        || (request.version() != HttpVersion.HTTP_2 && !request.isEnded() && expectsBody(request));
    // Let any queued end of the request through, or a keep-alive connection would stall on it.
    request.resume();
    if (closeAfter) {
      // The unread rest of the body would be parsed as the next request: close instead.
      response.putHeader("Connection", "close");
      response.end(body).onComplete(v -> request.connection().close());
    } else {
      response.end(body);
    }
    return code.status();
  }

  static boolean expectsBody(HttpServerRequest request) {
    String length = request.getHeader("content-length");
    return request.getHeader("transfer-encoding") != null || (length != null && !length.equals("0"));
  }
}
