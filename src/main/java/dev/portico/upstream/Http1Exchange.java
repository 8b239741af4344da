package dev.portico.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * One request and its response on an {@link Http1Connection}. The proxy writes the request through
 * it and hears the response through its {@link Listener}. Once the exchange is over (complete,
 * failed or reset) every method is a no-op, so a late call can never touch the connection's next
 * exchange. Everything runs on the connection's event loop.
 *
 * <p>Deadlines: from the end of the request to the response head, at most the response timeout;
 * while the body streams, at most the same time without a byte from the upstream, unless reading
 * is paused because the client is slow (that wait is the client's, bounded by its idle timeout).
 */
public final class Http1Exchange {
  /** What the proxy hears back. All calls come from the connection's event loop. */
  public interface Listener {
    void onResponseHead(int status, MultiMap headers);

    /**
     * A piece of the response body, or its end ({@code last}; {@code chunk} is null when the end
     * carries no bytes). The chunk shares pooled memory that is released when the returned future
     * completes: return the future of the write that sends it on (null once the chunk is copied
     * or dropped).
     */
    Future<Void> onResponseContent(Buffer chunk, boolean last);

    /** The exchange failed: the connection is closed; no other callback follows. */
    void onFailure(Throwable cause);

    /** The request side can take more body after {@link #writeQueueFull()} was true. */
    void onWritable();
  }

  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final Http1Connection connection;
  private final Listener listener;
  private final long responseTimeoutNanos;
  private boolean requestEnded;
  private boolean responseStarted;
  private boolean skippingInterim;
  private boolean keepAlive = true;
  private boolean paused;
  private boolean over;
  private long requestEndNanos;
  private long lastReadNanos;
  /** Response body decoded in the current socket read, not yet handed to the listener. */
  private ByteBuf pending;

  Http1Exchange(Http1Connection connection, Listener listener, long responseTimeoutMillis) {
    this.connection = connection;
    this.listener = listener;
    this.responseTimeoutNanos = Math.max(1, responseTimeoutMillis) * 1_000_000L;
  }

  /** Sends a request that has no body, in one write. */
  public void send(HttpMethod method, String uri, MultiMap headers) {
    if (over) {
      return;
    }
    connection.write(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method.toNetty(), uri,
        Unpooled.EMPTY_BUFFER, nettyHeaders(headers), EmptyHttpHeaders.INSTANCE), true);
    requestSent();
  }

  /**
   * Starts a request whose body follows through {@link #write} and {@link #end}. The head and the
   * body pieces that arrive together leave in one write.
   */
  public void sendHead(HttpMethod method, String uri, MultiMap headers, boolean chunked) {
    if (over) {
      return;
    }
    DefaultHttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method.toNetty(), uri,
        nettyHeaders(headers));
    if (chunked) {
      HttpUtil.setTransferEncodingChunked(head, true);
    }
    connection.write(head, false);
  }

  public void write(Buffer chunk) {
    if (!over) {
      connection.writeSoon(new DefaultHttpContent(EventLoopTransport.unwrap(chunk)));
    }
  }

  /** Ends the request body; the response timeout starts now. */
  public void end() {
    if (!over && !requestEnded) {
      connection.writeSoon(LastHttpContent.EMPTY_LAST_CONTENT);
      requestSent();
    }
  }

  /** True while the upstream socket cannot take more: pause the source until {@link Listener#onWritable}. */
  public boolean writeQueueFull() {
    return !over && !connection.isWritable();
  }

  /** Stops reading the response (the client is slow); the stall deadline waits meanwhile. */
  public void pause() {
    if (!over && !paused) {
      paused = true;
      connection.autoRead(false);
    }
  }

  public void resume() {
    if (!over && paused) {
      paused = false;
      lastReadNanos = System.nanoTime();
      connection.autoRead(true);
    }
  }

  /** Abandons the exchange without a callback: the connection is closed, as nothing else can end it cleanly. */
  public void reset() {
    if (!over) {
      over = true;
      dropPending();
      connection.exchangeOver(this, false);
    }
  }

  private void requestSent() {
    requestEnded = true;
    requestEndNanos = System.nanoTime();
    if (!responseStarted) {
      connection.armTimer(requestEndNanos + responseTimeoutNanos);
    }
  }

  /** When this exchange times out, given the time now; {@link Long#MAX_VALUE} for no deadline. */
  long deadline(long now) {
    if (over || !requestEnded) {
      return NO_DEADLINE;
    }
    if (!responseStarted) {
      return requestEndNanos + responseTimeoutNanos;
    }
    return (paused ? now : lastReadNanos) + responseTimeoutNanos;
  }

  void timedOut() {
    fail(new TimeoutException(responseStarted
        ? "The upstream response body stalled for " + responseTimeoutNanos / 1_000_000 + " ms."
        : "No upstream response within " + responseTimeoutNanos / 1_000_000 + " ms."));
  }

  /** Whether the exchange is over (complete, failed or reset). */
  boolean isOver() {
    return over;
  }

  void handle(HttpObject msg) {
    if (over) {
      release(msg);
      return;
    }
    if (msg.decoderResult().isFailure()) {
      release(msg);
      fail(new IOException("Malformed or truncated upstream response", msg.decoderResult().cause()));
      return;
    }
    if (msg instanceof HttpResponse head && !onHead(head)) {
      return;
    }
    if (msg instanceof HttpContent content) {
      onContent(content);
    }
  }

  /** @return whether to go on with the message's content */
  private boolean onHead(HttpResponse head) {
    int status = head.status().code();
    if (status < 200) {
      if (status == 101) {
        fail(new IOException("The upstream switched protocols on a request that did not ask to."));
        return false;
      }
      // Interim responses (103 Early Hints, a stray 100) are not relayed: skip up to their end.
      skippingInterim = true;
      return true;
    }
    responseStarted = true;
    keepAlive = HttpUtil.isKeepAlive(head);
    lastReadNanos = System.nanoTime();
    listener.onResponseHead(status, (MultiMap) head.headers());
    return !over;
  }

  private void onContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    ByteBuf data = content.content();
    if (skippingInterim || !responseStarted) {
      data.release();
      skippingInterim &= !last;
      return;
    }
    lastReadNanos = System.nanoTime();
    // Body pieces from one socket read go on together when the read is done (or with the end),
    // so a response that arrives in one read leaves in one write.
    ByteBuf body = gather(data);
    if (!last) {
      return;
    }
    pending = null;
    // Give the connection back before the listener runs: whatever it starts next can reuse it.
    over = true;
    connection.exchangeOver(this, keepAlive && requestEnded);
    deliver(body, true);
  }

  /** Adds {@code data} to the body gathered in this read; null while there is none. */
  private ByteBuf gather(ByteBuf data) {
    if (!data.isReadable()) {
      data.release();
      return pending;
    }
    if (pending == null) {
      pending = data;
    } else if (pending instanceof CompositeByteBuf composite) {
      composite.addComponent(true, data);
    } else {
      pending = connection.alloc().compositeBuffer().addComponents(true, pending, data);
    }
    return pending;
  }

  /** The socket read is done: what it brought of the body goes on. */
  void readComplete() {
    ByteBuf body = pending;
    if (body != null && !over) {
      pending = null;
      deliver(body, false);
    }
  }

  private void deliver(ByteBuf body, boolean last) {
    if (body == null) {
      listener.onResponseContent(null, last);
      return;
    }
    Future<Void> written;
    try {
      written = listener.onResponseContent(EventLoopTransport.wrap(body), last);
    } catch (RuntimeException e) {
      body.release();
      throw e;
    }
    if (written == null) {
      body.release();
    } else {
      written.onComplete(ar -> body.release());
    }
  }

  /** The connection failed or closed under this exchange. */
  void fail(Throwable cause) {
    if (!over) {
      over = true;
      dropPending();
      connection.exchangeOver(this, false);
      listener.onFailure(cause);
    }
  }

  private void dropPending() {
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }

  void writable() {
    if (!over) {
      listener.onWritable();
    }
  }

  private static void release(HttpObject msg) {
    if (msg instanceof HttpContent content) {
      content.release();
    }
  }

  /** Vert.x builds its header maps as Netty headers; anything else is copied once. */
  private static HttpHeaders nettyHeaders(MultiMap headers) {
    if (headers instanceof HttpHeaders netty) {
      return netty;
    }
    HttpHeaders copy = new io.netty.handler.codec.http.DefaultHttpHeaders();
    for (var entry : headers) {
      copy.add(entry.getKey(), entry.getValue());
    }
    return copy;
  }
}
