package dev.portico.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.SocketAddress;

/**
 * The Netty side of one Vert.x event loop, for the upstream connections that {@link Http1Pool}
 * drives straight on Netty. The only place that reaches into Vert.x internals: its event loop, its
 * transport (native epoll, or NIO where that is unavailable), its asynchronous name resolver, its
 * header map and buffers. So an upstream channel runs on the same thread as the requests that use
 * it, never blocks it, and hands bytes and headers over without copies.
 */
final class EventLoopTransport {
  /**
   * Response headers are decoded straight into Vert.x's header map (also a Netty
   * {@link HttpHeaders}), validated as Vert.x validates them, so the proxy copies them to the
   * client without an adapter.
   */
  static final HttpHeadersFactory VERTX_HEADERS = new HttpHeadersFactory() {
    @Override
    public HttpHeaders newHeaders() {
      return HeadersMultiMap.httpHeaders();
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
      return HeadersMultiMap.httpHeaders();
    }
  };

  private final EventLoop eventLoop;
  private final Bootstrap bootstrap;
  private final VertxInternal vertx;

  /** @param context an event-loop context: the upstream channels run on its thread */
  EventLoopTransport(Context context) {
    ContextInternal internal = (ContextInternal) context;
    this.vertx = internal.owner();
    this.eventLoop = internal.nettyEventLoop();
    this.bootstrap = new Bootstrap()
        .group(eventLoop)
        .channelFactory(vertx.transport().channelFactory(false))
        .resolver(vertx.nameResolver().nettyAddressResolverGroup())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true);
  }

  EventLoop eventLoop() {
    return eventLoop;
  }

  /** A bootstrap on this loop; the caller adds its handler and connect timeout. */
  Bootstrap bootstrap() {
    return bootstrap.clone();
  }

  java.net.SocketAddress resolvable(SocketAddress address) {
    return vertx.transport().convert(address);
  }

  /** Wraps without copying: the Buffer shares the ByteBuf's memory and does not own it. */
  static Buffer wrap(ByteBuf buf) {
    return BufferInternal.buffer(buf);
  }

  /** The bytes of a Vert.x buffer as a ByteBuf, without copying. */
  static ByteBuf unwrap(Buffer buffer) {
    return ((BufferInternal) buffer).getByteBuf();
  }
}
