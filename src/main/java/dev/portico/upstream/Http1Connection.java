package dev.portico.upstream;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One keep-alive HTTP/1.1 connection to a target, the last handler of a Netty pipeline behind an
 * {@code HttpClientCodec}. It carries one {@link Http1Exchange} at a time and goes back to its
 * {@link Http1Pool} in between.
 *
 * <p>One timer per connection serves every exchange's deadline: it is re-armed only when it would
 * fire too late, and on firing it reschedules itself to the current exchange's deadline if that
 * has moved on. A request on a busy connection therefore costs no timer work at all.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Http1Connection.class);

  private final Http1Pool pool;
  private Channel channel;
  private Http1Exchange exchange;
  private final Runnable flushTask = this::flushNow;
  private boolean flushPending;
  private ScheduledFuture<?> timer;
  private long timerAtNanos;
  /** While idle in the pool: since when. */
  long idleSinceNanos;

  Http1Connection(Http1Pool pool) {
    this.pool = pool;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  /** Starts the next exchange; the connection must be idle. */
  Http1Exchange begin(Http1Exchange.Listener listener, long responseTimeoutMillis) {
    if (exchange != null) {
      throw new IllegalStateException("connection busy");
    }
    exchange = new Http1Exchange(this, listener, responseTimeoutMillis);
    return exchange;
  }

  boolean isUsable() {
    return channel.isActive() && exchange == null;
  }

  boolean isWritable() {
    return channel.isWritable();
  }

  void write(Object msg, boolean flush) {
    if (flush) {
      channel.writeAndFlush(msg, channel.voidPromise());
    } else {
      channel.write(msg, channel.voidPromise());
    }
  }

  /**
   * Writes now and flushes once the event loop has handled the current batch of I/O events: the
   * pieces of a body that one client read delivered leave in one system call, not one each.
   */
  void writeSoon(Object msg) {
    channel.write(msg, channel.voidPromise());
    if (!flushPending) {
      flushPending = true;
      channel.eventLoop().execute(flushTask);
    }
  }

  private void flushNow() {
    flushPending = false;
    channel.flush();
  }

  void autoRead(boolean on) {
    channel.config().setAutoRead(on);
  }

  /** Called once per exchange, when it is over; a connection that cannot be reused is closed. */
  void exchangeOver(Http1Exchange over, boolean reusable) {
    if (exchange != over) {
      return;
    }
    exchange = null;
    if (!channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
    if (reusable && channel.isActive()) {
      pool.release(this);
    } else {
      if (flushPending) {
        // What was written goes out first: an aborted request reaches the upstream as cut off.
        channel.flush();
      }
      channel.close();
    }
  }

  void close() {
    channel.close();
  }

  void armTimer(long atNanos) {
    if (timer != null) {
      if (timerAtNanos - atNanos <= 0) {
        return;
      }
      timer.cancel(false);
    }
    schedule(atNanos);
  }

  private void schedule(long atNanos) {
    timerAtNanos = atNanos;
    timer = channel.eventLoop().schedule(this, Math.max(0, atNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** The timer fired. */
  @Override
  public void run() {
    timer = null;
    Http1Exchange current = exchange;
    if (current == null || !channel.isActive()) {
      return;
    }
    long now = System.nanoTime();
    long deadline = current.deadline(now);
    if (deadline == Long.MAX_VALUE) {
      return;
    }
    if (now - deadline >= 0) {
      current.timedOut();
    } else {
      schedule(deadline);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Http1Exchange current = exchange;
    if (current == null) {
      // Bytes outside any exchange: the upstream broke HTTP framing; nothing can be trusted after.
      ReferenceCountUtil.release(msg);
      channel.close();
      return;
    }
    try {
      current.handle((HttpObject) msg);
    } catch (RuntimeException e) {
      // A bug in a listener: fail the exchange (a 500, logged once) rather than lose it silently.
      if (current.isOver()) {
        log.error("Failure after an upstream exchange ended", e);
      } else {
        current.fail(e);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Http1Exchange current = exchange;
    if (current != null) {
      try {
        current.readComplete();
      } catch (RuntimeException e) {
        current.fail(e);
      }
    }
  }

  ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Http1Exchange current = exchange;
    if (current != null && channel.isWritable()) {
      current.writable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    Http1Exchange current = exchange;
    if (current != null) {
      current.fail(new IOException("The upstream closed the connection."));
    }
    pool.closed(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Http1Exchange current = exchange;
    if (current != null) {
      current.fail(cause);
    } else {
      log.debug("Idle upstream connection failed: {}", cause.toString());
    }
    channel.close();
  }
}
