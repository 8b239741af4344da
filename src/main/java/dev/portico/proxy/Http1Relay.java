package dev.portico.proxy;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.upstream.Http1Exchange;
import dev.portico.upstream.Target;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Relays one request and its response over an {@link Http1Exchange}: the plain-HTTP proxy path.
 * Both bodies stream with backpressure; the request body is counted against the route's limit. The
 * last piece of a response body ends the response in the same write, so a small response leaves
 * in one write, head included.
 */
final class Http1Relay implements Http1Exchange.Listener {
  private final ProxyCall call;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Target target;
  private final long maxBodySize;
  private Http1Exchange upstream;
  private long bodyBytes;
  private boolean responseEnded;
  /** This response is dropped: the call retries on another target. */
  private boolean discarding;
  private boolean targetReleased;

  Http1Relay(ProxyCall call, HttpServerRequest request, Target target, long maxBodySize) {
    this.call = call;
    this.request = request;
    this.response = request.response();
    this.target = target;
    this.maxBodySize = maxBodySize;
  }

  /**
   * Sends the request on {@code exchange}. A request without a body (no length, or length 0, and
   * not chunked) leaves at once in one write; otherwise the body streams after the head.
   */
  void start(Http1Exchange exchange, String uri, MultiMap headers) {
    this.upstream = exchange;
    response.closeHandler(v -> clientGone());
    String length = request.getHeader("content-length");
    boolean chunkedIn = request.getHeader("transfer-encoding") != null;
    if (request.isEnded()
        || !chunkedIn && (length == null ? request.version() != HttpVersion.HTTP_2 : Long.parseLong(length) == 0)) {
      upstream.send(request.method(), uri, headers);
      // Let the request's end through; nothing else is read.
      request.resume();
      return;
    }
    if (length == null && !chunkedIn) {
      // HTTP/2 without a length: a body may follow or not; the head waits for the first event.
      request.handler(chunk -> {
        upstream.sendHead(request.method(), uri, headers, true);
        streamBody(chunk);
      });
      request.endHandler(v -> upstream.send(request.method(), uri, headers));
    } else {
      upstream.sendHead(request.method(), uri, headers, length == null);
      streamBody(null);
    }
    request.exceptionHandler(err -> clientGone());
    request.resume();
  }

  private void streamBody(Buffer first) {
    request.handler(this::onBody);
    request.endHandler(v -> upstream.end());
    if (first != null) {
      onBody(first);
    }
  }

  private void onBody(Buffer chunk) {
    bodyBytes += chunk.length();
    if (bodyBytes > maxBodySize) {
      request.handler(null);
      // Fail first: whichever failure comes first decides the status (413, not 502).
      call.fail(new GatewayException(ErrorCode.BODY_TOO_LARGE,
          "The request body exceeds the limit of " + maxBodySize + " bytes."));
      upstream.reset();
      releaseTarget();
      return;
    }
    upstream.write(chunk);
    if (upstream.writeQueueFull()) {
      request.pause();
    }
  }

  @Override
  public void onWritable() {
    request.resume();
  }

  @Override
  public void onResponseHead(int status, MultiMap headers) {
    if (response.closed()) {
      clientGone();
      return;
    }
    if (!call.upstreamResponded(target, status, headers)) {
      discarding = true;
    }
  }

  @Override
  public Future<Void> onResponseContent(Buffer chunk, boolean last) {
    if (responseEnded) {
      return null;
    }
    if (discarding) {
      // Read to its end, so the connection goes back to the pool.
      if (last) {
        responseEnded = true;
        releaseTarget();
      }
      return null;
    }
    if (last) {
      return endResponse(chunk);
    }
    Future<Void> written = response.write(chunk);
    if (response.writeQueueFull()) {
      upstream.pause();
      response.drainHandler(v -> upstream.resume());
    }
    return written;
  }

  private Future<Void> endResponse(Buffer chunk) {
    responseEnded = true;
    if (!request.isEnded()) {
      // The rest of a body the upstream did not wait for is read and dropped, so the client
      // connection stays usable.
      request.handler(null);
      request.resume();
    }
    Future<Void> written = chunk == null ? response.end() : response.end(chunk);
    releaseTarget();
    call.finish();
    return chunk == null ? null : written;
  }

  @Override
  public void onFailure(Throwable cause) {
    if (discarding) {
      releaseTarget();
    } else if (!responseEnded) {
      releaseTarget();
      call.upstreamFailed(target, cause);
      call.fail(cause);
    }
  }

  /** The client closed or reset: the upstream exchange cannot complete and is abandoned. */
  private void clientGone() {
    if (!responseEnded) {
      upstream.reset();
      releaseTarget();
      call.fail(new GatewayException(ErrorCode.UPSTREAM_RESET, "The client went away."));
    }
  }

  private void releaseTarget() {
    if (!targetReleased) {
      targetReleased = true;
      target.requestEnded();
    }
  }
}
