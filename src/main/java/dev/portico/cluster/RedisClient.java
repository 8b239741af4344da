package dev.portico.cluster;

import dev.portico.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's connection to Redis: a pooled Vert.x client for commands, a health check, and the pub/sub
 * subscribers created from it.
 *
 * <p>It never blocks and never waits for Redis to start: {@link #start} returns at once and connects in the
 * background, so the gateway serves on local state while Redis is away. A PING every {@code healthCheckInterval}
 * decides the state. When it fails the state turns {@link RedisState#DOWN}, the pooled client is replaced (a hung
 * connection's queue is dropped with it), commands fail at once with {@link RedisUnavailableException} rather than
 * each waiting for a dead server, and the PING is retried with exponential backoff until Redis answers again.
 * Every command carries the command timeout, so none can hang.
 */
public final class RedisClient {
  private static final Logger log = LoggerFactory.getLogger(RedisClient.class);

  private final Vertx vertx;
  private final RedisConfig config;
  private final RedisOptions options;
  private final long commandTimeoutMillis;
  private final Backoff backoff;
  private final List<Runnable> upListeners = new CopyOnWriteArrayList<>();
  private final List<RedisSubscriber> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean probing = new AtomicBoolean();

  private volatile Redis redis;
  private volatile RedisState state = RedisState.CONNECTING;
  private volatile Instant since = Instant.now();
  private volatile String lastError;
  private long probeTimer = -1;

  private RedisClient(Vertx vertx, RedisConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.options = RedisOptionsFactory.of(config);
    this.commandTimeoutMillis = config.commandTimeout().toMillis();
    this.backoff = new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay());
    this.redis = Redis.createClient(vertx, options);
  }

  /** Starts connecting in the background and returns at once. */
  public static RedisClient start(Vertx vertx, RedisConfig config) {
    RedisClient client = new RedisClient(vertx, config);
    log.info("Connecting to Redis {} ({})", config.redactedUrls(), config.mode());
    client.scheduleProbe(0);
    return client;
  }

  /**
   * Sends one command, failing after the command timeout. While Redis is down it fails at once; a failure of a
   * command while up triggers an immediate health check, so a dead server is noticed without waiting a full
   * interval.
   */
  public Future<Response> send(Request request) {
    RedisState s = state;
    if (s == RedisState.DOWN || s == RedisState.CLOSED) {
      return Future.failedFuture(unavailable());
    }
    return withDeadline(redis.send(request), request.command().toString());
  }

  /** Sends commands pipelined on one connection (not a transaction), failing after the command timeout. */
  public Future<List<Response>> batch(List<Request> requests) {
    RedisState s = state;
    if (s == RedisState.DOWN || s == RedisState.CLOSED) {
      return Future.failedFuture(unavailable());
    }
    return withDeadline(redis.batch(requests), requests.size() + " pipelined commands");
  }

  private <T> Future<T> withDeadline(Future<T> reply, String what) {
    return reply.timeout(commandTimeoutMillis, TimeUnit.MILLISECONDS).recover(e -> {
      checkSoon();
      if (e instanceof TimeoutException) {
        return Future.failedFuture(new RedisUnavailableException(
            "Redis did not answer " + what + " within " + commandTimeoutMillis + " ms"));
      }
      return Future.failedFuture(e);
    });
  }

  /**
   * Opens a subscription to {@code channel} on a connection of its own, which reconnects and resubscribes by
   * itself. {@code onSubscribed} runs after every successful (re)subscription: messages published while it was
   * disconnected are lost, so that is when a subscriber catches up from the keys.
   */
  public RedisSubscriber subscribe(String channel, Handler<String> onMessage, Runnable onSubscribed) {
    RedisSubscriber subscriber = new RedisSubscriber(vertx, options, config, channel, onMessage, () -> {
      // The subscriber may be back before our next backoff step: check now so catching up need not wait.
      checkSoon();
      onSubscribed.run();
    });
    subscribers.add(subscriber);
    subscriber.start();
    return subscriber;
  }

  /** Runs {@code listener} each time the connection turns {@link RedisState#UP} (the first time and after a loss). */
  public void onUp(Runnable listener) {
    upListeners.add(listener);
  }

  public RedisState state() {
    return state;
  }

  public boolean isUp() {
    return state == RedisState.UP;
  }

  /** When the state last changed. */
  public Instant since() {
    return since;
  }

  /** Why the last attempt failed, or {@code null} while up. */
  public String lastError() {
    return lastError;
  }

  public RedisConfig config() {
    return config;
  }

  /** Closes the subscribers and the pool; pending commands fail. */
  public Future<Void> close() {
    synchronized (this) {
      if (state == RedisState.CLOSED) {
        return Future.succeededFuture();
      }
      transition(RedisState.CLOSED, null);
      if (probeTimer >= 0) {
        vertx.cancelTimer(probeTimer);
        probeTimer = -1;
      }
    }
    List<Future<Void>> closing = new java.util.ArrayList<>();
    for (RedisSubscriber subscriber : subscribers) {
      closing.add(subscriber.close());
    }
    closing.add(redis.close());
    return Future.join(closing).mapEmpty();
  }

  /** An immediate health check unless one is running: after a failed command, or a subscriber that is back. */
  private void checkSoon() {
    if (!probing.get()) {
      scheduleProbe(0);
    }
  }

  private synchronized void scheduleProbe(long delayMillis) {
    if (state == RedisState.CLOSED) {
      return;
    }
    if (probeTimer >= 0) {
      vertx.cancelTimer(probeTimer);
    }
    probeTimer = vertx.setTimer(Math.max(1, delayMillis), id -> {
      synchronized (this) {
        if (probeTimer == id) {
          probeTimer = -1;
        }
      }
      probe();
    });
  }

  private void probe() {
    if (state == RedisState.CLOSED || !probing.compareAndSet(false, true)) {
      return;
    }
    // The PING may have to open a connection first: allow for the connect as well.
    redis.send(Request.cmd(Command.PING))
        .timeout(config.connectTimeout().toMillis() + commandTimeoutMillis, TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          probing.set(false);
          if (ar.succeeded()) {
            markUp();
            scheduleProbe(config.healthCheckInterval().toMillis());
          } else {
            markDown(ar.cause());
            scheduleProbe(backoff.nextDelayMillis());
          }
        });
  }

  private void markUp() {
    synchronized (this) {
      if (state == RedisState.UP || state == RedisState.CLOSED) {
        return;
      }
      backoff.reset();
      log.info("Redis {} is {}", config.redactedUrls(), state == RedisState.CONNECTING ? "connected" : "back");
      transition(RedisState.UP, null);
    }
    for (Runnable listener : upListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.error("A Redis up-listener failed", e);
      }
    }
  }

  private void markDown(Throwable cause) {
    String reason = describe(cause);
    Redis broken;
    synchronized (this) {
      if (state == RedisState.CLOSED) {
        return;
      }
      if (state == RedisState.DOWN) {
        lastError = reason;
        log.debug("Redis still unreachable: {}", reason);
        return;
      }
      log.warn("Redis {} is unreachable ({}); serving on local state and reconnecting with backoff",
          config.redactedUrls(), reason);
      transition(RedisState.DOWN, reason);
      // A fresh pool: connections that stopped answering would otherwise keep queueing commands.
      broken = redis;
      redis = Redis.createClient(vertx, options);
    }
    broken.close();
  }

  private void transition(RedisState next, String error) {
    state = next;
    since = Instant.now();
    lastError = error;
  }

  private RedisUnavailableException unavailable() {
    return state == RedisState.CLOSED
        ? new RedisUnavailableException("the Redis client is closed")
        : new RedisUnavailableException("Redis is unavailable since " + since + " (" + lastError + ")");
  }

  static String describe(Throwable e) {
    if (e instanceof TimeoutException) {
      return "no answer within the command timeout";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
