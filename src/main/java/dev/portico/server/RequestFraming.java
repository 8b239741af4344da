package dev.portico.server;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * HTTP/1.x body framing, where request smuggling lives (RFC 9112 section 6). Netty has already
 * refused most ambiguous framings by the time a request reaches the gateway, but two gaps remain:
 *
 * <ul>
 *   <li>A {@code Transfer-Encoding} that is not exactly {@code chunked} ({@code xchunked},
 *       {@code chunked, identity}, the field twice, an obs-folded value): Netty frames some of
 *       these as chunked and some as having no body, and another server would frame them
 *       differently. They are refused with 400 and the connection is closed.</li>
 *   <li>{@code Transfer-Encoding: chunked} sent together with {@code Content-Length}: Netty
 *       drops the Content-Length before the request is visible, so the gateway cannot tell such
 *       a request from an honest chunked one. It is framed by the chunked encoding, which RFC 9112
 *       allows on condition that the connection is closed after the response. So every chunked
 *       HTTP/1 request closes its connection: whatever a front proxy that believed the
 *       Content-Length sent after it is never read as a request.</li>
 * </ul>
 *
 * A request already decoded behind one of these on the same connection (pipelined, or the
 * hidden half of a smuggling attempt) is dropped unanswered by {@link #isClosing}: the connection
 * is about to close and nothing on it may be forwarded any more.
 */
final class RequestFraming {
  /** Per event loop, like the connections themselves: no locking needed. */
  private static final ThreadLocal<Set<HttpConnection>> CLOSING =
      ThreadLocal.withInitial(() -> Collections.newSetFromMap(new WeakHashMap<>()));

  private RequestFraming() {}

  /**
   * Checks the framing headers of an HTTP/1.x request.
   *
   * @return whether the connection must be closed after the response
   * @throws GatewayException {@code BAD_REQUEST} for a framing that must be refused; the
   *     connection is then already marked as closing
   */
  static boolean check(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      return false; // framed by DATA frames; the HTTP/2 codec checks Content-Length itself
    }
    List<String> lengths = request.headers().getAll("content-length");
    List<String> encodings = request.headers().getAll("transfer-encoding");
    if (encodings.isEmpty()) {
      if (lengths.size() > 1) {
        throw refuse(request, "Multiple Content-Length headers.");
      }
      if (lengths.size() == 1 && !isDigits(lengths.get(0))) {
        throw refuse(request, "Malformed Content-Length.");
      }
      return false;
    }
    if (request.version() == HttpVersion.HTTP_1_0) {
      throw refuse(request, "Transfer-Encoding is not defined for HTTP/1.0.");
    }
    // Exactly one field whose value is exactly "chunked" (the decoder has stripped spaces and
    // tabs around it); anything else is a framing another server may read differently.
    if (encodings.size() != 1 || !encodings.get(0).equalsIgnoreCase("chunked")) {
      throw refuse(request, "Unsupported Transfer-Encoding (expected: chunked).");
    }
    if (!lengths.isEmpty()) {
      throw refuse(request, "Both Content-Length and Transfer-Encoding.");
    }
    CLOSING.get().add(request.connection());
    return true;
  }

  /** Whether an earlier request on this connection requires it to close: serve nothing more. */
  static boolean isClosing(HttpConnection connection) {
    Set<HttpConnection> closing = CLOSING.get();
    return !closing.isEmpty() && closing.contains(connection);
  }

  private static GatewayException refuse(HttpServerRequest request, String detail) {
    CLOSING.get().add(request.connection());
    return new GatewayException(ErrorCode.BAD_REQUEST, detail);
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
