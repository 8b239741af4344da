package dev.portico.cluster;

import dev.portico.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pub/sub subscription on a connection of its own (a subscribed connection can run no other command). It
 * reconnects and resubscribes by itself with exponential backoff when the connection closes, fails, or stops
 * answering the PING sent every health-check interval (which also notices a silent network partition).
 *
 * <p>Each connection attempt uses a new single-connection client that is closed whole when the connection is
 * lost, so a subscribed connection never goes back to a pool.
 */
public final class RedisSubscriber {
  private static final Logger log = LoggerFactory.getLogger(RedisSubscriber.class);

  private final Vertx vertx;
  private final RedisOptions options;
  private final RedisConfig config;
  private final String channel;
  private final Handler<String> onMessage;
  private final Runnable onSubscribed;
  private final long commandTimeoutMillis;
  private final Backoff backoff;

  // Guarded by this.
  private Redis client;
  private RedisConnection connection;
  private long timer = -1;
  private boolean closed;
  private volatile RedisState state = RedisState.CONNECTING;
  private volatile Instant since = Instant.now();
  private volatile String lastError;
  /** {@link System#nanoTime()} of the last reply or message on the current connection. */
  private volatile long lastActivity = System.nanoTime();

  RedisSubscriber(Vertx vertx, RedisOptions options, RedisConfig config, String channel,
      Handler<String> onMessage, Runnable onSubscribed) {
    this.vertx = vertx;
    this.options = new RedisOptions(options).setMaxPoolSize(1).setMaxPoolWaiting(1);
    this.config = config;
    this.channel = channel;
    this.onMessage = onMessage;
    this.onSubscribed = onSubscribed;
    this.commandTimeoutMillis = config.commandTimeout().toMillis();
    this.backoff = new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay());
  }

  void start() {
    schedule(0, this::connect);
  }

  public String channel() {
    return channel;
  }

  public RedisState state() {
    return state;
  }

  public Instant since() {
    return since;
  }

  public String lastError() {
    return lastError;
  }

  private void connect() {
    Redis attempt;
    synchronized (this) {
      if (closed) {
        return;
      }
      attempt = Redis.createClient(vertx, options);
      client = attempt;
    }
    long deadline = config.connectTimeout().toMillis() + commandTimeoutMillis;
    Future<RedisConnection> connecting = attempt.connect();
    connecting
        .timeout(deadline, TimeUnit.MILLISECONDS)
        .compose(conn -> {
          conn.handler(this::dispatch);
          conn.exceptionHandler(e -> lost(conn, e));
          conn.endHandler(v -> lost(conn, new IllegalStateException("connection closed")));
          // SUBSCRIBE completes once written; the server's confirmation arrives as a push message.
          return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
              .timeout(commandTimeoutMillis, TimeUnit.MILLISECONDS)
              .map(ok -> conn);
        })
        .onSuccess(conn -> subscribed(attempt, conn))
        .onFailure(e -> {
          attempt.close(); // also closes a connection that arrived after the deadline
          failed(attempt, e);
        });
  }

  private void subscribed(Redis attempt, RedisConnection conn) {
    synchronized (this) {
      if (closed || client != attempt) {
        attempt.close();
        return;
      }
      connection = conn;
      backoff.reset();
      if (state != RedisState.CONNECTING) {
        log.info("Redis subscription to {} is back", channel);
      }
      state = RedisState.UP;
      since = Instant.now();
      lastError = null;
      schedule(config.healthCheckInterval().toMillis(), () -> ping(conn));
    }
    try {
      onSubscribed.run();
    } catch (RuntimeException e) {
      log.error("Handling the subscription to {} failed", channel, e);
    }
  }

  private void failed(Redis attempt, Throwable e) {
    synchronized (this) {
      if (closed || client != attempt) {
        return;
      }
      client = null;
      connection = null;
      lastError = RedisClient.describe(e);
      if (state != RedisState.DOWN) {
        log.warn("Redis subscription to {} lost ({}); resubscribing with backoff", channel, lastError);
        state = RedisState.DOWN;
        since = Instant.now();
      }
      schedule(backoff.nextDelayMillis(), this::connect);
    }
  }

  /** The connection closed, failed, or stopped answering: drop its client and start over after a backoff. */
  private void lost(RedisConnection conn, Throwable e) {
    Redis broken;
    synchronized (this) {
      if (connection != conn) {
        return; // an old connection's late event
      }
      broken = client;
    }
    broken.close();
    failed(broken, e);
  }

  /**
   * Sends a PING and checks, one command timeout later, that the connection delivered anything since. Whether
   * the PONG completes the PING's future or reaches the message handler is not relied on: on a subscribed
   * connection the Vert.x client can route the first reply after SUBSCRIBE to the handler, leaving the future
   * one reply behind.
   */
  private void ping(RedisConnection conn) {
    long sentAt = System.nanoTime();
    conn.send(Request.cmd(Command.PING)).onSuccess(this::dispatch);
    schedule(commandTimeoutMillis, () -> {
      if (lastActivity - sentAt >= 0) {
        schedule(Math.max(1, config.healthCheckInterval().toMillis() - commandTimeoutMillis), () -> ping(conn));
      } else {
        lost(conn, new RedisUnavailableException("no answer to PING within " + commandTimeoutMillis + " ms"));
      }
    });
  }

  /** Pub/sub pushes are {@code [message, channel, payload]}; confirmations and pongs only count as activity. */
  private void dispatch(Response reply) {
    lastActivity = System.nanoTime();
    if (reply == null || (reply.type() != ResponseType.PUSH && reply.type() != ResponseType.MULTI)
        || reply.size() != 3 || !"message".equals(String.valueOf(reply.get(0)))) {
      return;
    }
    if (!channel.equals(String.valueOf(reply.get(1)))) {
      return;
    }
    try {
      onMessage.handle(reply.get(2).toString());
    } catch (RuntimeException e) {
      log.error("Handling a message on {} failed", channel, e);
    }
  }

  private synchronized void schedule(long delayMillis, Runnable task) {
    if (closed) {
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    timer = vertx.setTimer(Math.max(1, delayMillis), id -> {
      synchronized (this) {
        if (timer == id) {
          timer = -1;
        }
      }
      task.run();
    });
  }

  Future<Void> close() {
    Redis toClose;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      state = RedisState.CLOSED;
      since = Instant.now();
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      toClose = client;
      client = null;
      connection = null;
    }
    return toClose == null ? Future.succeededFuture() : toClose.close();
  }
}
