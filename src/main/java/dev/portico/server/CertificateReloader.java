package dev.portico.server;

import dev.portico.observe.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ServerSSLOptions;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies changed certificate files to a running TLS listener. Every {@code reloadInterval} a worker
 * stats the files; once a change has stayed the same for one further poll (so a file caught
 * half-written, or a certificate whose key is not written yet, is not even tried), a worker reads
 * and checks them all and the listeners switch to the new certificates for new connections. Open
 * connections keep theirs. Files that fail the checks are logged and the previous certificates
 * stay in use until the files change again. File I/O never runs on an event loop.
 */
public final class CertificateReloader {
  private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);

  private final Vertx vertx;
  private final TlsListenerOptions tls;
  private final GatewayMetrics metrics;
  private final Function<ServerSSLOptions, Future<?>> apply;
  private final long timerId;
  private String applied;
  private String candidate;
  private boolean busy;

  private CertificateReloader(Vertx vertx, TlsListenerOptions tls, GatewayMetrics metrics,
      Function<ServerSSLOptions, Future<?>> apply) {
    this.vertx = vertx;
    this.tls = tls;
    this.metrics = metrics;
    this.apply = apply;
    this.applied = tls.initial().stamp();
    long period = tls.config().reloadInterval().toMillis();
    this.timerId = period == 0 ? -1 : vertx.setPeriodic(period, id -> poll());
  }

  /**
   * Starts watching the files of {@code tls} (unless its {@code reloadInterval} is zero).
   *
   * @param apply switches every listener to new options; its future completes once they serve them
   */
  public static CertificateReloader start(Vertx vertx, TlsListenerOptions tls, GatewayMetrics metrics,
      Function<ServerSSLOptions, Future<?>> apply) {
    return new CertificateReloader(vertx, tls, metrics, apply);
  }

  public void stop() {
    if (timerId != -1) {
      vertx.cancelTimer(timerId);
    }
  }

  /** Runs on the timer's event loop; only the stat and the reading go to a worker. */
  private void poll() {
    if (busy) {
      return;
    }
    busy = true;
    vertx.executeBlocking(() -> FileStamps.of(tls.files()), false)
        .compose(this::onStamp)
        .onComplete(ar -> busy = false);
  }

  private Future<Void> onStamp(String now) {
    if (Objects.equals(now, applied)) {
      candidate = null;
      return Future.succeededFuture();
    }
    if (!now.equals(candidate)) {
      candidate = now; // changed since the last poll: wait until it settles
      return Future.succeededFuture();
    }
    candidate = null;
    applied = now; // whatever the outcome: a failure is retried when the files change again
    return vertx.executeBlocking(tls::read, false)
        .compose(loaded -> {
          applied = loaded.stamp();
          return apply.apply(loaded.options()).map(v -> loaded);
        })
        .onSuccess(loaded -> {
          metrics.tlsCertificateReload(true);
          log.info("TLS certificates reloaded: {}", loaded.summary());
        })
        .onFailure(e -> metrics.tlsCertificateReload(false))
        .onFailure(e -> log.error("TLS certificate files changed but cannot be used: {}; still serving the"
            + " previous certificates", e.getMessage() != null ? e.getMessage() : e.toString()))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }
}
