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
    if (failure instanceof HttpClosedException || failure instanceof StreamResetException
        || failure instanceof java.io.IOException || isConnectionReset(failure)) {
      return new GatewayException(ErrorCode.UPSTREAM_RESET, "The upstream closed the connection before answering.");
    }
    log.error("Unexpected failure on the request path", failure);
    return new GatewayException(ErrorCode.INTERNAL, "The gateway failed to handle the request.");
  }

  private static boolean isConnectionReset(Throwable failure) {
    return failure instanceof VertxException && failure.getMessage() != null
        && failure.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection was closed");
  }
}
