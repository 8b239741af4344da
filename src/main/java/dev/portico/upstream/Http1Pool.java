package dev.portico.upstream;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keep-alive HTTP/1.1 connections from one event loop to one target: the plain-HTTP proxy path,
 * driven straight on Netty so a proxied request costs one read and one write on each side and
 * little else. Only touched from its event loop, so it needs no locking.
 *
 * <p>Idle connections are reused most-recent first, so under light load the rest age out after
 * the idle timeout. At most {@code maxSize} connections are open or opening; further requests
 * wait (at most {@code maxWaiters} of them), each within its own response timeout: a connection
 * that frees up is worth waiting for as long as the request may take anyway.
 */
public final class Http1Pool {
  private static final int MAX_INITIAL_LINE = 16 * 1024;
  private static final int MAX_HEADER_SIZE = 64 * 1024;
  /** Body pieces up to one socket read: fewer, larger writes towards the client. */
  private static final int MAX_CHUNK = 64 * 1024;

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final SocketAddress address;
  private final String target;
  private final int maxSize;
  private final int maxWaiters;
  private final long keepAliveNanos;
  private final ArrayDeque<Http1Connection> idle = new ArrayDeque<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final Set<Http1Connection> open = new HashSet<>();
  private int size;
  private boolean closed;
  private ScheduledFuture<?> sweeper;
  private Promise<Void> drained;

  /**
   * @param connectTimeoutMillis how long opening a connection may take
   * @param keepAliveMillis idle connections are closed after this long; 0 keeps them
   */
  Http1Pool(EventLoopTransport transport, io.vertx.core.net.SocketAddress target, int maxSize,
      int maxWaiters, long connectTimeoutMillis, long keepAliveMillis) {
    this.loop = transport.eventLoop();
    this.address = transport.resolvable(target);
    this.target = target.host() + ":" + target.port();
    this.maxSize = maxSize;
    this.maxWaiters = maxWaiters;
    this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveMillis);
    HttpDecoderConfig decoder = new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(MAX_HEADER_SIZE)
        .setMaxChunkSize(MAX_CHUNK)
        .setHeadersFactory(EventLoopTransport.VERTX_HEADERS)
        .setTrailersFactory(EventLoopTransport.VERTX_HEADERS);
    this.bootstrap = transport.bootstrap()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast("codec", new HttpClientCodec(decoder, false, false));
            ch.pipeline().addLast("connection", new Http1Connection(Http1Pool.this));
          }
        });
  }

  /** Starts an exchange on a free connection, opening one if there is none. */
  public Future<Http1Exchange> begin(Http1Exchange.Listener listener, long responseTimeoutMillis) {
    Http1Connection connection = closed ? null : pollIdle();
    if (connection != null) {
      return Future.succeededFuture(connection.begin(listener, responseTimeoutMillis));
    }
    long startNanos = System.nanoTime();
    return acquire(responseTimeoutMillis).map(free -> {
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      return free.begin(listener, Math.max(1, responseTimeoutMillis - waitedMillis));
    });
  }

  private Http1Connection pollIdle() {
    Http1Connection connection;
    while ((connection = idle.pollFirst()) != null) {
      if (connection.isUsable()) {
        return connection;
      }
    }
    return null;
  }

  /** A free connection, waiting at most {@code waitMillis} for one when all are busy. */
  Future<Http1Connection> acquire(long waitMillis) {
    if (closed) {
      return Future.failedFuture(new GatewayException(ErrorCode.SHUTTING_DOWN,
          "The connections to " + target + " are closing."));
    }
    Http1Connection connection = pollIdle();
    if (connection != null) {
      return Future.succeededFuture(connection);
    }
    if (size < maxSize) {
      return connect();
    }
    if (waiters.size() >= maxWaiters) {
      return Future.failedFuture(new GatewayException(ErrorCode.NO_HEALTHY_UPSTREAM,
          "All " + maxSize + " connections to " + target + " are busy and " + maxWaiters
              + " requests are waiting."));
    }
    Waiter waiter = new Waiter();
    waiter.timer = loop.schedule(() -> {
      if (waiters.remove(waiter)) {
        waiter.promise.fail(new TimeoutException(
            "No connection to " + target + " became free within " + waitMillis + " ms."));
      }
    }, waitMillis, TimeUnit.MILLISECONDS);
    waiters.addLast(waiter);
    return waiter.promise.future();
  }

  private Future<Http1Connection> connect() {
    size++;
    Promise<Http1Connection> promise = Promise.promise();
    ChannelFuture connecting = bootstrap.connect(address);
    connecting.addListener(f -> {
      if (f.isSuccess()) {
        Http1Connection connection = connecting.channel().pipeline().get(Http1Connection.class);
        open.add(connection);
        if (closed) {
          connection.close();
          promise.fail(new GatewayException(ErrorCode.SHUTTING_DOWN,
              "The connections to " + target + " are closing."));
        } else {
          promise.complete(connection);
        }
      } else {
        size--;
        promise.fail(f.cause());
        // The failed attempt freed a slot: a waiter makes its own attempt.
        serveWaiter();
      }
    });
    return promise.future();
  }

  /** An exchange ended cleanly on {@code connection}: next waiter first, else idle. */
  void release(Http1Connection connection) {
    if (closed) {
      connection.close();
      return;
    }
    Waiter waiter = waiters.pollFirst();
    if (waiter != null) {
      waiter.timer.cancel(false);
      waiter.promise.complete(connection);
      return;
    }
    connection.idleSinceNanos = System.nanoTime();
    idle.addFirst(connection);
    if (sweeper == null && keepAliveNanos > 0) {
      sweeper = loop.schedule(this::sweep, keepAliveNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The connection's channel is gone. */
  void closed(Http1Connection connection) {
    if (!open.remove(connection)) {
      return;
    }
    size--;
    idle.remove(connection);
    if (closed) {
      if (size == 0 && drained != null) {
        drained.tryComplete();
      }
    } else {
      serveWaiter();
    }
  }

  private void serveWaiter() {
    if (closed || waiters.isEmpty() || size >= maxSize) {
      return;
    }
    Waiter waiter = waiters.pollFirst();
    waiter.timer.cancel(false);
    connect().onComplete(waiter.promise);
  }

  /** Closes the connections idle for the keep-alive time; the oldest are last in the deque. */
  private void sweep() {
    sweeper = null;
    long now = System.nanoTime();
    Http1Connection oldest;
    while ((oldest = idle.peekLast()) != null && now - oldest.idleSinceNanos >= keepAliveNanos) {
      idle.pollLast();
      oldest.close();
    }
    if (oldest != null && !closed) {
      sweeper = loop.schedule(this::sweep, oldest.idleSinceNanos + keepAliveNanos - now, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Stops lending connections: idle ones close now, busy ones when their exchange ends or, at the
   * latest, after {@code drainMillis}. Must run on the pool's event loop.
   */
  public Future<Void> shutdown(long drainMillis) {
    if (drained != null) {
      return drained.future();
    }
    closed = true;
    drained = Promise.promise();
    if (sweeper != null) {
      sweeper.cancel(false);
      sweeper = null;
    }
    Waiter waiter;
    while ((waiter = waiters.pollFirst()) != null) {
      waiter.timer.cancel(false);
      waiter.promise.fail(new GatewayException(ErrorCode.SHUTTING_DOWN,
          "The connections to " + target + " are closing."));
    }
    while (!idle.isEmpty()) {
      idle.pollFirst().close();
    }
    if (size == 0) {
      drained.tryComplete();
    } else {
      loop.schedule(() -> {
        List<Http1Connection> busy = new ArrayList<>(open);
        busy.forEach(Http1Connection::close);
        // Connects still in flight close as they complete; do not wait for them.
        drained.tryComplete();
      }, Math.max(0, drainMillis), TimeUnit.MILLISECONDS);
    }
    return drained.future();
  }

  private static final class Waiter {
    final Promise<Http1Connection> promise = Promise.promise();
    ScheduledFuture<?> timer;
  }

  /** Open or opening connections. */
  int size() {
    return size;
  }
}
