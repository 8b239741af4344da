package dev.portico.server;

import dev.portico.config.ListenConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.observe.AccessLog;
import dev.portico.observe.trace.Tracing;
import dev.portico.observe.GatewayMetrics;
import dev.portico.runtime.Snapshot;
import dev.portico.upstream.Upstream;
import dev.portico.upstream.UpstreamClients;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.ServerSSLOptions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One listener instance on one event loop. The gateway deploys one per event loop on the same
 * port; each owns its upstream clients, so a request never leaves its loop.
 */
public final class GatewayVerticle extends VerticleBase {
  private final ListenConfig listen;
  private final TlsListenerOptions tls;
  private final Supplier<Snapshot> snapshots;
  private final GatewayMetrics metrics;
  private final AccessLog accessLog;
  /** {@code null} when tracing is off. */
  private final Tracing tracing;
  private final int eventLoops;
  private UpstreamClients upstreamClients;
  private HttpServer server;
  private HeaderTimeouts headerTimeouts;

  /** @param tls {@code null} for a cleartext listener */
  public GatewayVerticle(ListenConfig listen, TlsListenerOptions tls, Supplier<Snapshot> snapshots,
      GatewayMetrics metrics, AccessLog accessLog, Tracing tracing, int eventLoops) {
    this.listen = listen;
    this.tls = tls;
    this.snapshots = snapshots;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.tracing = tracing;
    this.eventLoops = eventLoops;
  }

  @Override
  public Future<?> start() {
    upstreamClients = new UpstreamClients(vertx, eventLoops);
    RequestDispatcher dispatcher = new RequestDispatcher(snapshots, metrics, accessLog, tracing, upstreamClients);
    headerTimeouts = new HeaderTimeouts(vertx, listen.requestHeaderTimeout().toMillis());
    server = vertx.createHttpServer(ListenerOptions.of(listen, tls))
        .connectionHandler(this::onConnection)
        .requestHandler(request -> {
          headerTimeouts.requestArrived(request);
          dispatcher.handle(request);
        })
        .invalidRequestHandler(this::onInvalidRequest);
    return server.listen();
  }

  private void onConnection(HttpConnection connection) {
    metrics.connectionOpened();
    connection.closeHandler(v -> {
      metrics.connectionClosed();
      headerTimeouts.closed(connection);
    });
    headerTimeouts.connected(connection);
  }

  /** Requests Netty could not parse: too long a request line or headers, or malformed. */
  private void onInvalidRequest(HttpServerRequest request) {
    headerTimeouts.requestArrived(request);
    if (RequestFraming.isClosing(request.connection())) {
      return; // the leftover of a refused request: the connection closes after that one's answer
    }
    Throwable cause = request.decoderResult().cause();
    ErrorCode code;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      code = ErrorCode.URI_TOO_LONG;
      detail = "The request line exceeds " + listen.limits().maxUriLength() + " characters.";
    } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      code = ErrorCode.HEADERS_TOO_LARGE;
      detail = "The request headers exceed " + listen.limits().maxHeaderSize() + " bytes.";
    } else {
      code = ErrorCode.BAD_REQUEST;
      detail = "The request is not valid HTTP.";
    }
    ProblemResponder.respondAndClose(request, new GatewayException(code, detail), RequestIds.generate());
  }

  /** Port actually bound (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** New TLS connections get the new certificates; open ones keep theirs. */
  public Future<Boolean> updateTls(ServerSSLOptions options) {
    return server.updateSSLOptions(options);
  }

  /** Closes clients of upstreams the new snapshot no longer has; runs on this verticle's loop. */
  public void retainUpstreams(Set<Upstream> live, long drainMillis) {
    context.runOnContext(v -> upstreamClients.retainOnly(live, drainMillis));
  }

  /**
   * Stops accepting, lets in-flight requests finish up to the deadline (HTTP/1 connections close
   * after their current response, HTTP/2 ones get GOAWAY), then closes upstream clients.
   */
  public Future<Void> drain(long timeoutMillis) {
    Future<Void> shutdown = server == null ? Future.succeededFuture()
        : server.shutdown(timeoutMillis, TimeUnit.MILLISECONDS);
    return shutdown.eventually(() -> {
      headerTimeouts.close();
      return upstreamClients.closeAll(0);
    });
  }
}
