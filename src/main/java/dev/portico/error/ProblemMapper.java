package dev.portico.error;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into a {@link GatewayException}: the single place that decides which status a
 * failure becomes. Unknown failures are 500 and logged once with their stack trace; their text
 * never reaches the client.
 */
public final class ProblemMapper {
  private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

  private static final long TLS_LOG_INTERVAL_NANOS = 10_000_000_000L;
  private static final java.util.concurrent.atomic.AtomicLong lastTlsLog =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - TLS_LOG_INTERVAL_NANOS);

  private ProblemMapper() {}

  public static GatewayException map(Throwable failure) {
    if (failure instanceof GatewayException ge) {
      return ge;
    }
    if (failure instanceof TimeoutException || failure instanceof io.netty.handler.timeout.TimeoutException) {
      return new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "The upstream did not answer in time.");
    }
    if (failure instanceof ConnectException || failure instanceof ConnectTimeoutException
        || failure instanceof NoRouteToHostException || failure instanceof UnknownHostException) {
      return new GatewayException(ErrorCode.UPSTREAM_CONNECT, "The upstream could not be reached.");
    }
    javax.net.ssl.SSLException tls = tlsFailure(failure);
    if (tls != null) {
      logTlsFailure(tls);
      return new GatewayException(ErrorCode.UPSTREAM_TLS, "The TLS handshake with the upstream failed.");
    }
    if (failure instanceof HttpClosedException || failure instanceof StreamResetException
        || failure instanceof java.io.IOException || isConnectionReset(failure)) {
      return new GatewayException(ErrorCode.UPSTREAM_RESET, "The upstream closed the connection before answering.");
    }
    log.error("Unexpected failure on the request path", failure);
    return new GatewayException(ErrorCode.INTERNAL, "The gateway failed to handle the request.");
  }

  /** An upstream TLS failure, possibly wrapped by Netty's decoder; {@code null} if there is none. */
  private static javax.net.ssl.SSLException tlsFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  /**
   * The reason (untrusted issuer, name mismatch, expired) is what an operator needs, and it never
   * reaches the client; at most one line per 10 s so a broken upstream cannot flood the log.
   */
  private static void logTlsFailure(javax.net.ssl.SSLException failure) {
    long now = System.nanoTime();
    long last = lastTlsLog.get();
    if (now - last >= TLS_LOG_INTERVAL_NANOS && lastTlsLog.compareAndSet(last, now)) {
      Throwable root = failure;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      log.warn("TLS handshake with an upstream failed: {}{}", failure.getMessage(),
          root == failure ? "" : " (" + root.getMessage() + ")");
    }
  }

  private static boolean isConnectionReset(Throwable failure) {
    return failure instanceof VertxException && failure.getMessage() != null
        && failure.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection was closed");
  }
}
