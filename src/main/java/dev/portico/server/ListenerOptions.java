package dev.portico.server;

import dev.portico.config.LimitsConfig;
import dev.portico.config.ListenConfig;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/** Maps the {@code listen} config onto Vert.x server options. */
final class ListenerOptions {
  /** Room for the method, spaces and "HTTP/1.1" around the URI on the request line. */
  private static final int REQUEST_LINE_OVERHEAD = 32;

  private ListenerOptions() {}

  static HttpServerOptions of(ListenConfig listen) {
    return of(listen, null);
  }

  /** @param tls {@code null} for a cleartext listener */
  static HttpServerOptions of(ListenConfig listen, TlsListenerOptions tls) {
    LimitsConfig limits = listen.limits();
    HttpServerOptions options = new HttpServerOptions()
        .setHost(listen.host())
        .setPort(listen.port())
        .setHttp2ClearTextEnabled(listen.http2())
        .setMaxInitialLineLength(limits.maxUriLength() + REQUEST_LINE_OVERHEAD)
        .setMaxHeaderSize(limits.maxHeaderSize())
        .setInitialSettings(new Http2Settings()
            .setMaxConcurrentStreams(256)
            .setMaxHeaderListSize(limits.maxHeaderSize()))
        .setIdleTimeout((int) listen.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHandle100ContinueAutomatically(false)
        .setDecompressionSupported(false)
        .setCompressionSupported(false)
        .setTcpNoDelay(true)
        .setTcpFastOpen(true)
        .setReusePort(true)
        // WebSocket upgrades are tunnelled as bytes, never terminated here: no extension handler
        // needs to sit in every connection's pipeline.
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false);
    if (tls != null) {
      tls.applyTo(options);
    }
    return options;
  }
}
