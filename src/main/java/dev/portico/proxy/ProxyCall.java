package dev.portico.proxy;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.error.ProblemMapper;
import dev.portico.observe.trace.ClientSpan;
import dev.portico.pipeline.Exchange;
import dev.portico.runtime.Route;
import dev.portico.security.Identity;
import dev.portico.server.RequestIds;
import dev.portico.transform.ShapedRelay;
import dev.portico.transform.UpstreamEdits;
import dev.portico.upstream.Http1Pool;
import dev.portico.upstream.Target;
import dev.portico.upstream.Upstream;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import dev.portico.config.RetryConfig;
import io.vertx.core.http.HttpMethod;
import java.net.ConnectException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One proxied request: target choice, upstream request, body streaming both ways, timeouts. */
final class ProxyCall {
  private static final Logger log = LoggerFactory.getLogger(ProxyCall.class);
  private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

  private final Exchange exchange;
  private final Route route;
  private final Upstream upstream;
  private final String hashKey;
  private final Promise<Void> done;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final boolean webSocket;
  private final RetryConfig retry;
  /** Whether the request can be sent again: it has no body, so nothing of it is consumed. */
  private final boolean replayable;
  private HttpClientRequest upstreamRequest;
  /** The current attempt's CLIENT span ({@link ClientSpan#NONE} when not traced). */
  private ClientSpan span = ClientSpan.NONE;
  private int attemptsLeft;
  private long upstreamStartNanos;
  private long bodyBytes;
  private boolean finished;

  ProxyCall(Exchange exchange, Route route, Upstream upstream, String hashKey, Promise<Void> done) {
    this.exchange = exchange;
    this.route = route;
    this.upstream = upstream;
    this.hashKey = hashKey;
    this.done = done;
    this.request = exchange.request();
    this.response = request.response();
    this.webSocket = request.canUpgradeToWebSocket();
    this.retry = upstream.config().resilience().retry();
    this.replayable = !webSocket && request.getHeader("transfer-encoding") == null
        && (request.getHeader("content-length") == null || "0".equals(request.getHeader("content-length")));
  }

  void attempt(Target target, int attemptsLeft) {
    this.attemptsLeft = attemptsLeft;
    exchange.upstreamTarget(target.toString());
    upstreamStartNanos = System.nanoTime();
    target.requestStarted();
    span = ClientSpan.start(exchange, upstream.name(), target.host(), target.port(), request.method().name());
    Http1Pool pool = usesHttp1Pool() ? exchange.upstreamClients().http1Pool(upstream, target) : null;
    if (pool != null) {
      Http1Relay relay = new Http1Relay(this, request, target, route.maxBodySize());
      pool.begin(relay, route.timeoutMillis()).onComplete(ar -> {
        if (ar.failed()) {
          connectFailed(ar.cause(), target);
        } else if (clientGone()) {
          ar.result().reset();
          target.requestEnded();
          fail(new GatewayException(ErrorCode.UPSTREAM_RESET, "The client went away."));
        } else {
          target.connected();
          relay.start(ar.result(), upstreamUri(), upstreamHeaders(target));
        }
      });
      return;
    }
    RequestOptions options = new RequestOptions()
        .setServer(target.address())
        .setHost(target.peerHost())
        .setPort(target.port())
        .setMethod(request.method())
        .setURI(upstreamUri())
        .setHeaders(upstreamHeaders(target))
        .setConnectTimeout(upstream.config().connectTimeout().toMillis());
    exchange.upstreamClients().clientFor(upstream).request(options).onComplete(ar -> {
      if (ar.succeeded()) {
        target.connected();
        send(ar.result(), target);
        return;
      }
      connectFailed(ar.cause(), target);
    });
  }

  /**
   * Plain HTTP/1.1 to the upstream goes through this loop's Netty pool; WebSocket upgrades, CONNECT
   * and requests whose body or response a filter rewrites (they need the buffering Vert.x client
   * path) take the Vert.x client.
   */
  private boolean usesHttp1Pool() {
    return !webSocket && request.method() != HttpMethod.CONNECT && route.shaper() == null
        && exchange.get(UpstreamEdits.KEY) == null;
  }

  /** No upstream request was sent: a refused target is ejected and another one tried at once. */
  private void connectFailed(Throwable cause, Target target) {
    span.fail(cause);
    target.requestEnded();
    callEnded(target, true);
    if (isConnectFailure(cause)) {
      target.connectFailed(System.nanoTime());
      // Nothing was sent: any method may go to another target at once.
      Target next = retryTarget(target);
      if (next != null) {
        attempt(next, attemptsLeft - 1);
        return;
      }
    }
    fail(cause);
  }

  /**
   * The Netty path's response head arrived: records the outcome and either relays the head or,
   * when the request is retried elsewhere, tells the relay to drop this response.
   *
   * @return false when this response is dropped for a retry
   */
  boolean upstreamResponded(Target target, int status, MultiMap upstreamHeaders) {
    callEnded(target, status >= 500);
    span.status(status);
    if (shouldRetry(status)) {
      Target next = retryTarget(target);
      if (next != null) {
        span.end();
        retryAfterBackoff(next);
        return false;
      }
    }
    relayResponseHead(status, upstreamHeaders, target);
    return true;
  }

  /** The Netty path's exchange failed before the response head. */
  void upstreamFailed(Target target, Throwable cause) {
    span.fail(cause);
    callEnded(target, true);
  }

  /** Status and end-to-end headers of the upstream's response, plus the request id. */
  private void relayResponseHead(int status, MultiMap upstreamHeaders, Target target) {
    exchange.upstreamNanos(System.nanoTime() - upstreamStartNanos);
    response.setStatusCode(status);
    MultiMap headers = response.headers();
    HopByHopHeaders.copyEndToEnd(upstreamHeaders, headers);
    headers.set(RequestIds.HEADER, exchange.requestId());
    rewriteLocation(headers, target);
    if (!headers.contains("content-length") && mayHaveBody(status)
        && request.version() != HttpVersion.HTTP_1_0) {
      response.setChunked(true);
    }
  }

  private void send(HttpClientRequest upstreamRequest, Target target) {
    this.upstreamRequest = upstreamRequest;
    // Every failure of the upstream exchange also fails the response future or the pipe, which
    // decide the outcome; without a handler Vert.x would log each one again at ERROR.
    upstreamRequest.exceptionHandler(err -> log.debug("Upstream request {} failed: {}",
        exchange.requestId(), err.toString()));
    if (clientGone()) {
      upstreamRequest.reset();
      target.requestEnded();
      fail(new GatewayException(ErrorCode.UPSTREAM_RESET, "The client went away."));
      return;
    }
    response.closeHandler(v -> {
      if (!finished) {
        upstreamRequest.reset();
      }
    });
    var responseFuture = webSocket ? upstreamRequest.connect() : upstreamRequest.response();
    responseFuture.onComplete(ar -> {
      if (ar.failed()) {
        target.requestEnded();
        callEnded(target, true);
        fail(ar.cause());
      } else {
        exchange.upstreamNanos(System.nanoTime() - upstreamStartNanos);
        callEnded(target, ar.result().statusCode() >= 500);
        span.status(ar.result().statusCode());
        if (shouldRetry(ar.result().statusCode())) {
          Target next = retryTarget(target);
          if (next != null) {
            span.end();
            discard(ar.result(), target);
            retryAfterBackoff(next);
            return;
          }
        }
        if (webSocket && ar.result().statusCode() == 101) {
          tunnel(ar.result(), target);
        } else {
          relayResponse(ar.result(), target);
        }
      }
    });
    if (webSocket) {
      // connect() has already sent the handshake, which has no body; after the 101 the tunnel
      // carries the bytes. Setting up body streaming here would fail on the sent head.
      armResponseTimeout();
    } else {
      streamRequestBody(upstreamRequest);
    }
  }

  /** Streams the client's body upstream with backpressure, enforcing the route's size limit. */
  private void streamRequestBody(HttpClientRequest upstreamRequest) {
    UpstreamEdits edits = exchange.get(UpstreamEdits.KEY);
    if (edits != null && edits.body() != null) { // a filter has read the body already
      upstreamRequest.end(edits.body());
      armResponseTimeout();
      return;
    }
    if (request.isEnded()) {
      upstreamRequest.end();
      armResponseTimeout();
      return;
    }
    if (request.getHeader("content-length") == null) {
      upstreamRequest.setChunked(true);
    }
    long limit = route.maxBodySize();
    request.handler(chunk -> {
      bodyBytes += chunk.length();
      if (bodyBytes > limit) {
        request.handler(null);
        // Fail first: the reset below fails the upstream response at once, and whichever failure
        // comes first decides the status (413, not 502).
        fail(new GatewayException(ErrorCode.BODY_TOO_LARGE,
            "The request body exceeds the limit of " + limit + " bytes."));
        upstreamRequest.reset();
        return;
      }
      upstreamRequest.write(chunk);
      if (upstreamRequest.writeQueueFull()) {
        request.pause();
        upstreamRequest.drainHandler(v -> request.resume());
      }
    });
    request.endHandler(v -> {
      upstreamRequest.end();
      armResponseTimeout();
    });
    request.exceptionHandler(err -> upstreamRequest.reset());
    request.resume();
  }

  /** The response timeout runs from the end of the request body to the response headers. */
  private void armResponseTimeout() {
    if (!finished) {
      upstreamRequest.idleTimeout(route.timeoutMillis());
    }
  }

  private void relayResponse(HttpClientResponse upstreamResponse, Target target) {
    if (clientGone()) {
      upstreamRequest.reset();
      target.requestEnded();
      fail(new GatewayException(ErrorCode.UPSTREAM_RESET, "The client went away."));
      return;
    }
    response.setStatusCode(upstreamResponse.statusCode());
    MultiMap headers = response.headers();
    HopByHopHeaders.copyEndToEnd(upstreamResponse.headers(), headers);
    headers.set(RequestIds.HEADER, exchange.requestId());
    rewriteLocation(headers, target);
    UpstreamEdits edits = exchange.get(UpstreamEdits.KEY);
    if (edits != null) {
      edits.applyToResponseHeaders(headers);
    }
    ShapedRelay.Reshape reshape = ShapedRelay.reshapeFor(route.shaper(), exchange);
    if (reshape != null && ShapedRelay.applies(upstreamResponse)) {
      ShapedRelay.relay(upstreamResponse, response, reshape, request.version())
          .onComplete(ar -> {
            target.requestEnded();
            if (ar.succeeded()) {
              finish();
            } else {
              fail(ar.cause());
            }
          });
      return;
    }
    if (!headers.contains("content-length") && mayHaveBody(upstreamResponse.statusCode())
        && request.version() != HttpVersion.HTTP_1_0) {
      response.setChunked(true);
    }
    long watchdog = watchForStalledBody(upstreamResponse);
    upstreamResponse.pipe().endOnFailure(false).to(response).onComplete(ar -> {
      exchange.vertx().cancelTimer(watchdog);
      target.requestEnded();
      if (ar.succeeded()) {
        finish();
      } else {
        fail(ar.cause());
      }
    });
  }

  /**
   * Cuts off an upstream whose body makes no progress for the route timeout. Progress is measured
   * on what reached the client; a stall caused by a slow client (write queue full) is not the
   * upstream's fault and is left to the client idle timeout. The timer is cancelled when the body
   * ends, so nothing outlives the request.
   */
  private long watchForStalledBody(HttpClientResponse upstreamResponse) {
    long period = route.timeoutMillis();
    long[] lastSeen = {-1};
    return exchange.vertx().setPeriodic(period, period, id -> {
      long written = response.bytesWritten();
      if (written == lastSeen[0] && !response.writeQueueFull() && !finished) {
        exchange.vertx().cancelTimer(id);
        upstreamRequest.reset(0, new java.util.concurrent.TimeoutException("upstream body stalled"));
      }
      lastSeen[0] = written;
    });
  }

  /** WebSocket: after the upstream's 101, both sides become raw byte tunnels. */
  private void tunnel(HttpClientResponse upstreamResponse, Target target) {
    response.setStatusCode(101);
    response.headers().addAll(upstreamResponse.headers());
    NetSocket upstreamSocket = upstreamResponse.netSocket();
    request.toNetSocket().onComplete(ar -> {
      if (ar.failed()) {
        upstreamSocket.close();
        target.requestEnded();
        fail(ar.cause());
        return;
      }
      NetSocket clientSocket = ar.result();
      clientSocket.pipeTo(upstreamSocket);
      upstreamSocket.pipeTo(clientSocket);
      upstreamSocket.closeHandler(v -> {
        clientSocket.close();
        target.requestEnded();
      });
      clientSocket.closeHandler(v -> upstreamSocket.close());
      finish();
    });
  }

  /** Tells the upstream (outlier detection, breaker) and the route's upstream-call histogram. */
  private void callEnded(Target target, boolean failed) {
    long nanos = System.nanoTime() - upstreamStartNanos;
    upstream.callEnded(target, failed, nanos);
    route.meters().upstreamCall(upstream.name(), nanos);
  }

  /** Idempotent, body-less requests are retried on the configured statuses; nothing reached the client yet. */
  private boolean shouldRetry(int status) {
    return attemptsLeft > 1 && replayable && retry.onStatuses().contains(status)
        && IDEMPOTENT.contains(request.method()) && !clientGone();
  }

  /** Another target for a retry, if attempts and the upstream's retry budget allow one. */
  private Target retryTarget(Target failed) {
    if (attemptsLeft <= 1 || clientGone() || !upstream.retryBudget().tryRetry()) {
      return null;
    }
    Target next = upstream.chooseAdmitted(hashKey, failed);
    // With a single target, a retry after a backoff may go to the same one.
    next = next != null ? next : (upstream.targets().size() == 1 && failed.admitCall() ? failed : null);
    if (next != null) {
      route.meters().upstreamRetry(upstream.name());
    }
    return next;
  }

  private void retryAfterBackoff(Target next) {
    int retryIndex = retry.attempts() - attemptsLeft;
    long ceiling = Math.min(retry.maxBackoff().toMillis(), retry.backoff().toMillis() << Math.min(retryIndex, 20));
    // Full jitter over the upper half: retries of many clients do not arrive in lockstep.
    long delay = ceiling <= 1 ? ceiling : ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    if (delay <= 0) {
      attempt(next, attemptsLeft - 1);
    } else {
      exchange.vertx().setTimer(delay, id -> {
        if (clientGone()) {
          fail(new GatewayException(ErrorCode.UPSTREAM_RESET, "The client went away."));
        } else {
          attempt(next, attemptsLeft - 1);
        }
      });
    }
  }

  /** Drops a response that will be retried; reading it to the end keeps the connection reusable. */
  private static void discard(HttpClientResponse upstreamResponse, Target target) {
    upstreamResponse.handler(chunk -> { });
    upstreamResponse.end().onComplete(ar -> target.requestEnded());
  }

  /**
   * A redirect the upstream addressed to itself points at the gateway instead (LocationRewriter),
   * as the client sees it: a trusted proxy's X-Forwarded-Proto/-Host are believed.
   */
  private void rewriteLocation(MultiMap headers, Target target) {
    String location = headers.get("location");
    if (location == null) {
      return;
    }
    String scheme = exchange.peerTrusted() ? firstValue(request.getHeader("x-forwarded-proto")) : null;
    String host = exchange.peerTrusted() ? firstValue(request.getHeader("x-forwarded-host")) : null;
    if (host == null && request.authority() != null) {
      host = request.authority().toString();
    }
    headers.set("location", LocationRewriter.rewrite(location, target.authority(),
        scheme == null ? request.scheme() : scheme, host, route.rewriter().strippedPrefix(exchange.path())));
  }

  /** The first element of a comma-separated header value, or null. */
  private static String firstValue(String header) {
    if (header == null) {
      return null;
    }
    int comma = header.indexOf(',');
    String first = (comma < 0 ? header : header.substring(0, comma)).trim();
    return first.isEmpty() ? null : first;
  }

  private String upstreamUri() {
    String path = route.rewriter().rewrite(exchange.path(), exchange.pathParams());
    UpstreamEdits edits = exchange.get(UpstreamEdits.KEY);
    String query = edits == null ? request.query() : edits.applyToQuery(request.query());
    return query == null ? path : path + "?" + query;
  }

  private MultiMap upstreamHeaders(Target target) {
    MultiMap client = request.headers();
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    // Forwarding headers, Expect and Host are ours to set; the client's never pass as they are.
    IdentityHeaders identity = route.identityHeaders();
    HopByHopHeaders.copyEndToEnd(client, out, name -> isSetByGateway(name) || identity.isIdentityHeader(name));
    String host = request.authority() == null ? null : request.authority().toString();
    ForwardedHeaders.apply(client, out, exchange.peerIp(), exchange.peerTrusted(), request.scheme(), host);
    UpstreamEdits edits = exchange.get(UpstreamEdits.KEY);
    if (edits != null) {
      edits.applyToRequestHeaders(out); // before the gateway's own headers, which edits may not touch
    }
    out.set(RequestIds.HEADER, exchange.requestId());
    identity.apply(exchange.get(Identity.KEY), out); // after the copy: Connection cannot name these away
    out.set("Host", route.preserveHost() && host != null ? host : target.authority());
    span.inject(out); // when traced, the client's trace headers give way to this attempt's context
    if (webSocket) {
      out.set("Connection", "Upgrade");
      out.set("Upgrade", client.get("upgrade"));
    }
    return out;
  }

  private static boolean isSetByGateway(String name) {
    return ForwardedHeaders.isForwardingHeader(name) || name.equalsIgnoreCase("expect")
        || name.equalsIgnoreCase("host");
  }

  private boolean clientGone() {
    return response.closed();
  }

  private static boolean mayHaveBody(int status) {
    return status >= 200 && status != 204 && status != 304;
  }

  private static boolean isConnectFailure(Throwable t) {
    return t instanceof ConnectException || t instanceof ConnectTimeoutException
        || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("connection refused"));
  }

  void finish() {
    if (!finished) {
      finished = true;
      span.end();
      done.tryComplete();
    }
  }

  void fail(Throwable cause) {
    if (!finished) {
      finished = true;
      span.fail(cause);
      done.tryFail(ProblemMapper.map(cause));
    }
  }
}
