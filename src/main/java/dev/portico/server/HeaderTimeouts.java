package dev.portico.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closes HTTP/1 connections whose request head does not arrive in time (slowloris): the first
 * request's head counts from the connection's start, each later one from its first byte. The idle
 * timeout cannot give this, since a client trickling one byte at a time is never idle; and a
 * kept-alive connection that sends nothing between requests is left to the idle timeout.
 *
 * <p>One instance per event loop (its verticle's), so it needs no locking. Arrival of bytes is seen
 * by a small Netty handler at the front of the connection's pipeline (a Vert.x internal, like
 * {@code upstream.EventLoopTransport}); a periodic sweep closes the late ones, so requests pay for
 * no timer of their own. HTTP/2 connections and upgraded (WebSocket, CONNECT) ones are dropped
 * from the watch after their first request: their framing is not a request head.
 *
 * <p>Gap: on a cleartext listener with HTTP/2 enabled, Vert.x creates the connection (and calls
 * the connection handler) only once the first request head is complete, since that head may ask
 * for an h2c upgrade; so the first head there is bounded by the header size limit but not by this
 * deadline. With {@code http2: false} it is covered from the first byte (HeaderTimeoutIT); on TLS
 * listeners ALPN picks the protocol, so no h2c upgrade defers the connection (not tested apart).
 */
final class HeaderTimeouts {
  private static final String HANDLER_NAME = "portico-head-timer";

  private final Vertx vertx;
  private final long timeoutNanos;
  private final Map<HttpConnection, Watch> watched = new HashMap<>();
  private long sweeper = -1;

  HeaderTimeouts(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  /** A new connection: its first request head is due within the timeout. */
  void connected(HttpConnection connection) {
    if (timeoutNanos <= 0 || !(connection instanceof ConnectionBase base)) {
      return;
    }
    Watch watch = new Watch(base.channel());
    base.channel().pipeline().addFirst(HANDLER_NAME, watch);
    watched.put(connection, watch);
    if (sweeper < 0) {
      long period = Math.max(50, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4));
      sweeper = vertx.setPeriodic(period, id -> sweep());
    }
  }

  /** A whole request head arrived: the clock stops until the response ends. */
  void requestArrived(HttpServerRequest request) {
    if (watched.isEmpty()) {
      return;
    }
    HttpConnection connection = request.connection();
    Watch watch = watched.get(connection);
    if (watch == null) {
      return;
    }
    if (request.version() == HttpVersion.HTTP_2 || request.method() == HttpMethod.CONNECT
        || request.headers().contains("upgrade")) {
      unwatch(connection, watch);
      return;
    }
    watch.active++;
    watch.headPending = false;
    watch.bytesDuringRequest = false;
    request.response().endHandler(watch);
  }

  void closed(HttpConnection connection) {
    watched.remove(connection);
  }

  /** The verticle stops; safe from any thread (cancelling a timer is). */
  void close() {
    long timer = sweeper;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void unwatch(HttpConnection connection, Watch watch) {
    watched.remove(connection);
    if (watch.channel.pipeline().get(HANDLER_NAME) == watch) {
      watch.channel.pipeline().remove(watch);
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<HttpConnection, Watch>> it = watched.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<HttpConnection, Watch> entry = it.next();
      Watch watch = entry.getValue();
      if (watch.active == 0 && watch.headPending && now - watch.headSinceNanos >= timeoutNanos) {
        it.remove();
        entry.getKey().close();
      }
    }
  }

  /** One connection's state; also its byte sensor and its responses' end handler. */
  private static final class Watch extends ChannelInboundHandlerAdapter implements Handler<Void> {
    final Channel channel;
    /** Requests whose response has not ended yet (more than one only when pipelined). */
    int active;
    /** Bytes of a request head have arrived (or the connection is new) and the head is not complete. */
    boolean headPending = true;
    long headSinceNanos = System.nanoTime();
    /** Bytes arrived while a response was in progress: the next head may have started. */
    boolean bytesDuringRequest;

    Watch(Channel channel) {
      this.channel = channel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (active > 0) {
        bytesDuringRequest = true;
      } else if (!headPending) {
        headPending = true;
        headSinceNanos = System.nanoTime();
      }
      ctx.fireChannelRead(msg);
    }

    /** A response ended. */
    @Override
    public void handle(Void ignored) {
      if (--active == 0 && bytesDuringRequest) {
        bytesDuringRequest = false;
        headPending = true;
        headSinceNanos = System.nanoTime();
      }
    }
  }
}
