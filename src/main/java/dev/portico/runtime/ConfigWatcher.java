package dev.portico.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Polls the config file's modification time and size. Polling is deliberate: it works the same
 * for editors that replace the file, for symlink swaps (Kubernetes ConfigMaps) and on every file
 * system, where WatchService misses some of those. A change is reloaded only once the file has
 * stayed the same for one poll, so a file caught half-written is never applied. The stat runs on
 * a worker thread.
 */
final class ConfigWatcher {
  static final long PERIOD_MILLIS = 300;

  private final Vertx vertx;
  private final long timerId;
  private String applied;
  private String candidate;

  private ConfigWatcher(Vertx vertx, Path file, Supplier<Future<ReloadResult>> reload) {
    this.vertx = vertx;
    this.applied = fingerprint(file);
    this.timerId = vertx.setPeriodic(PERIOD_MILLIS, id -> vertx.executeBlocking(() -> fingerprint(file), false)
        .onSuccess(now -> onPoll(now, reload)));
  }

  static ConfigWatcher start(Vertx vertx, Path file, Supplier<Future<ReloadResult>> reload) {
    return new ConfigWatcher(vertx, file, reload);
  }

  /** Runs on the timer's event loop, one poll at a time. */
  private void onPoll(String now, Supplier<Future<ReloadResult>> reload) {
    if (now == null || Objects.equals(now, applied)) {
      candidate = null;
      return;
    }
    if (!now.equals(candidate)) {
      candidate = now; // changed since last poll: wait until it settles
      return;
    }
    applied = now;
    candidate = null;
    reload.get().onSuccess(result -> {
      if (result.outcome() == ReloadResult.Outcome.BUSY) {
        applied = null; // try again on the next poll
      }
    });
  }

  void stop() {
    vertx.cancelTimer(timerId);
  }

  private static String fingerprint(Path file) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file.toRealPath(), BasicFileAttributes.class);
      return attrs.lastModifiedTime().toMillis() + ":" + attrs.size() + ":" + attrs.fileKey();
    } catch (IOException e) {
      return null;
    }
  }
}
