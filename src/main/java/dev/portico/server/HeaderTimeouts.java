package dev.portico.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Closes connections whose first request headers do not arrive in time (slowloris), a limit the
 * idle timeout alone cannot give: a client trickling one byte at a time is never idle. Later
 * requests on a kept-alive connection are bounded by the idle timeout.
 *
 * <p>State is per event loop: each connection is created and used on one loop, so a thread-local
 * map needs no locking.
 */
final class HeaderTimeouts {
  private static final ThreadLocal<Map<HttpConnection, Long>> PENDING =
      ThreadLocal.withInitial(WeakHashMap::new);

  private HeaderTimeouts() {}

  static void arm(Vertx vertx, HttpConnection connection, long timeoutMillis) {
    if (timeoutMillis <= 0) {
      return;
    }
    Map<HttpConnection, Long> pending = PENDING.get();
    long timer = vertx.setTimer(timeoutMillis, id -> {
      if (pending.remove(connection) != null) {
        connection.close();
      }
    });
    pending.put(connection, timer);
  }

  static void requestArrived(HttpConnection connection) {
    Map<HttpConnection, Long> pending = PENDING.get();
    if (!pending.isEmpty()) {
      Long timer = pending.remove(connection);
      if (timer != null) {
        io.vertx.core.Vertx.currentContext().owner().cancelTimer(timer);
      }
    }
  }

  static void cancel(Vertx vertx, HttpConnection connection) {
    Long timer = PENDING.get().remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
