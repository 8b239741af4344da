package dev.portico.server;

import dev.portico.config.CorsConfig;
import dev.portico.config.LimitsConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.error.ProblemMapper;
import dev.portico.observe.AccessLog;
import dev.portico.observe.AccessLogEntry;
import dev.portico.observe.GatewayMetrics;
import dev.portico.observe.RouteMeters;
import dev.portico.observe.trace.RequestTrace;
import dev.portico.observe.trace.Tracing;
import dev.portico.pipeline.Exchange;
import dev.portico.routing.InvalidPathException;
import dev.portico.routing.PathNormalizer;
import dev.portico.routing.RouteMatch;
import dev.portico.runtime.Route;
import dev.portico.runtime.Snapshot;
import dev.portico.security.Identity;
import dev.portico.security.cors.CorsFilter;
import dev.portico.upstream.UpstreamClients;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * The front of the request path: checks limits, normalises the path, finds the route, runs its
 * chain, and turns any failure into a problem response. Every request, whatever its fate, ends
 * in exactly one access-log line and one metrics record.
 */
final class RequestDispatcher {
  private final Supplier<Snapshot> snapshots;
  private final GatewayMetrics metrics;
  private final RouteMeters unmatchedMeters;
  private final AccessLog accessLog;
  /** {@code null} when tracing is off: then no span object is made per request. */
  private final Tracing tracing;
  private final UpstreamClients upstreamClients;

  RequestDispatcher(Supplier<Snapshot> snapshots, GatewayMetrics metrics, AccessLog accessLog, Tracing tracing,
      UpstreamClients upstreamClients) {
    this.snapshots = snapshots;
    this.metrics = metrics;
    this.unmatchedMeters = metrics.routeMeters(GatewayMetrics.UNMATCHED);
    this.accessLog = accessLog;
    this.tracing = tracing;
    this.upstreamClients = upstreamClients;
  }

  void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    // Nothing is read from the body until a handler decides where it goes.
    request.pause();
    metrics.requestStarted();
    Snapshot snapshot = snapshots.get();
    String requestId = RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
    String peerIp = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    TrustedProxies trusted = snapshot.trustedProxies();
    boolean peerTrusted = !trusted.isEmpty() && trusted.isTrusted(peerIp);
    String clientIp = peerTrusted ? trusted.clientIp(peerIp, request.getHeader("x-forwarded-for")) : peerIp;

    // Requests refused before normalisation are logged with their raw path.
    String path = request.path();
    GatewayException refused = null;
    boolean behindClosing = RequestFraming.isClosing(request.connection());
    boolean closeAfter = false;
    try {
      checkLimits(request, snapshot.config().listen().limits());
      closeAfter = RequestFraming.check(request);
      path = PathNormalizer.normalize(path);
    } catch (GatewayException e) {
      refused = e;
    } catch (InvalidPathException e) {
      refused = new GatewayException(ErrorCode.INVALID_PATH, e.getMessage());
    }
    Exchange exchange = new Exchange(request, requestId, peerIp, clientIp, peerTrusted, path, start, upstreamClients);
    if (tracing != null) {
      exchange.set(RequestTrace.KEY, tracing.startRequest(request));
    }
    if (behindClosing) {
      // Decoded behind a request that closes the connection: never forwarded, never answered.
      exchange.errorCode(ErrorCode.BAD_REQUEST);
      finish(exchange, 0);
      return;
    }
    if (closeAfter) {
      request.response().putHeader("Connection", "close");
    }
    if (refused != null) {
      reject(exchange, refused, null);
      return;
    }
    RouteMatch<Route> match = CorsFilter.isPreflight(request)
        ? preflightMatch(snapshot, request, path)
        : snapshot.routes().match(new RoutingRequest(request, path));
    switch (match.status()) {
      case NOT_FOUND -> {
        reject(exchange, new GatewayException(ErrorCode.NO_ROUTE,
            "No route matches " + request.method() + " " + path + "."), null);
        return;
      }
      case METHOD_NOT_ALLOWED -> {
        String allow = String.join(", ", match.allowedMethods());
        reject(exchange, new GatewayException(ErrorCode.METHOD_NOT_ALLOWED,
            "Method " + request.method() + " is not allowed here (allowed: " + allow + ")."), allow);
        return;
      }
      default -> exchange.routed(match.value(), match.pathParams());
    }
    Route route = exchange.route();
    try {
      checkBodyAndExpectation(request, route);
    } catch (GatewayException e) {
      reject(exchange, e, null);
      return;
    }
    boolean finalCloseAfter = closeAfter;
    route.chain().next(exchange).onComplete(ar -> {
      if (ar.succeeded()) {
        finish(exchange, request.response().getStatusCode());
        if (finalCloseAfter) {
          request.connection().close();
        }
      } else {
        reject(exchange, ProblemMapper.map(ar.cause()), null);
      }
    });
  }

  /**
   * A CORS preflight goes to the route of the request it announces, when that route has a CORS
   * policy (whose filter answers it); otherwise it is routed as the OPTIONS request it is.
   */
  private static RouteMatch<Route> preflightMatch(Snapshot snapshot, HttpServerRequest request, String path) {
    RouteMatch<Route> announced = snapshot.routes()
        .match(new RoutingRequest(request, path, request.getHeader("access-control-request-method")));
    if (announced.status() == RouteMatch.Status.MATCHED
        && CorsConfig.effective(snapshot.config().cors(), announced.value().config().cors()) != null) {
      return announced;
    }
    return snapshot.routes().match(new RoutingRequest(request, path));
  }

  private static void checkLimits(HttpServerRequest request, LimitsConfig limits) {
    if (request.uri().length() > limits.maxUriLength()) {
      throw new GatewayException(ErrorCode.URI_TOO_LONG,
          "The request target exceeds " + limits.maxUriLength() + " characters.");
    }
    if (headerFieldsExceed(request.headers(), limits.maxHeaderCount())) {
      throw new GatewayException(ErrorCode.HEADERS_TOO_LARGE,
          "The request has more than " + limits.maxHeaderCount() + " header fields.");
    }
  }

  /**
   * Counts header fields (a repeated name counts each time) up to {@code max}. MultiMap's size()
   * counts distinct names and builds a sorted set to do so, on every request.
   */
  private static boolean headerFieldsExceed(MultiMap headers, int max) {
    int fields = 0;
    if (headers instanceof HttpHeaders netty) {
      for (Iterator<?> it = netty.iteratorCharSequence(); it.hasNext(); it.next()) {
        if (++fields > max) {
          return true;
        }
      }
      return false;
    }
    for (var ignored : headers) {
      if (++fields > max) {
        return true;
      }
    }
    return false;
  }

  /** Refuses an oversized declared body before any upstream work, and answers Expect. */
  private static void checkBodyAndExpectation(HttpServerRequest request, Route route) {
    String length = request.getHeader("content-length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length);
      } catch (NumberFormatException e) {
        throw new GatewayException(ErrorCode.BAD_REQUEST, "Malformed Content-Length.");
      }
      if (declared > route.maxBodySize()) {
        throw new GatewayException(ErrorCode.BODY_TOO_LARGE,
            "The request body exceeds the limit of " + route.maxBodySize() + " bytes.");
      }
    }
    String expect = request.getHeader("expect");
    if (expect != null) {
      if (!expect.equalsIgnoreCase("100-continue")) {
        throw new GatewayException(ErrorCode.EXPECTATION_FAILED, "Only \"Expect: 100-continue\" is supported.");
      }
      // The gateway accepts the body on the upstream's behalf, as Envoy does by default.
      request.response().writeContinue();
    }
  }

  /** Answers with a problem (or resets a started response) and records the outcome. */
  private void reject(Exchange exchange, GatewayException failure, String allow) {
    exchange.errorCode(failure.code());
    HttpServerRequest request = exchange.request();
    finish(exchange, RequestFraming.isClosing(request.connection())
        ? ProblemResponder.respondAndClose(request, failure, exchange.requestId())
        : ProblemResponder.respond(request, failure, exchange.requestId(), allow));
  }

  private void finish(Exchange exchange, int status) {
    metrics.requestEnded();
    HttpServerRequest request = exchange.request();
    long duration = System.nanoTime() - exchange.startNanos();
    Route route = exchange.route();
    long bytesIn = request.bytesRead();
    long bytesOut = request.response().bytesWritten();
    RouteMeters meters = route == null ? unmatchedMeters : route.meters();
    Identity identity = exchange.get(Identity.KEY);
    meters.record(request.method().name(), status, identity == null ? null : identity.plan(), duration,
        bytesIn, bytesOut, exchange.errorCode());
    RequestTrace trace = tracing == null ? null : exchange.get(RequestTrace.KEY);
    if (trace != null) {
      trace.end(exchange, status);
    }
    if (accessLog != null) {
      accessLog.write(new AccessLogEntry(Instant.now(), exchange.requestId(), exchange.clientIp(),
          request.method().name(), exchange.path(), request.version().alpnName(),
          route == null ? null : route.id(), exchange.upstreamTarget(), status,
          exchange.errorCode() == null ? null : exchange.errorCode().code(), bytesIn, bytesOut,
          duration / 1e6, exchange.upstreamNanos() < 0 ? -1 : exchange.upstreamNanos() / 1e6,
          trace == null ? null : trace.traceId(), trace == null ? null : trace.spanId(),
          identity == null ? null : identity.consumer(), identity == null ? null : identity.tenant()));
    }
  }
}
