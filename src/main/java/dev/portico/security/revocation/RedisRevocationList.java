package dev.portico.security.revocation;

import dev.portico.cluster.RedisClient;
import dev.portico.cluster.RedisState;
import dev.portico.cluster.RedisSubscriber;
import dev.portico.security.RevocationList;
import dev.portico.security.jwt.VerifiedJwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide revocation list: Redis holds the revocations, and each instance answers checks from a local
 * {@link InMemoryRevocationList} mirror, so the check on the request path never waits on the network.
 *
 * <p>In Redis: two sorted sets. {@code <prefix>revoked:jti} holds revoked token ids scored by the token's expiry,
 * {@code <prefix>revoked:sub} holds subjects scored by their cut-off time; both in epoch milliseconds. Each write
 * keeps the later score, drops the members that can no longer refuse anything (ids past their expiry, cut-offs
 * older than {@code maxTokenLifetime}) and publishes the revocation on {@code <prefix>revocations}, all in one
 * script, so Redis never holds more than one token lifetime of revocations and needs no per-key TTL.
 *
 * <p>Each instance applies published revocations as they arrive, and loads both sets whole after every
 * (re)subscription, so what was revoked while it was cut off is not missed. Loading also writes back what the
 * mirror holds and Redis lacks (Redis restarted empty, or a revocation made here while Redis was down) and then
 * asks the other instances to reload: a revocation survives as long as one instance remembers it.
 *
 * <p>While Redis is down, checks go on answering from the mirror: everything known before the loss plus what is
 * revoked on this instance meanwhile. Revocations made on other instances during the outage hold here once the
 * connection is back and the sets are reloaded.
 */
public final class RedisRevocationList implements RevocationList {
  private static final Logger log = LoggerFactory.getLogger(RedisRevocationList.class);

  /** Members per script call when writing back, so one call never blocks Redis for long. */
  private static final int WRITE_BACK_CHUNK = 500;

  /**
   * Merges (score, member) pairs into a sorted set keeping the higher score, drops members scored below a floor,
   * and publishes a message if anything changed: one round trip, atomic.
   * KEYS[1] the set; ARGV[1] the floor; ARGV[2] the channel; ARGV[3] the message; ARGV[4..] score, member pairs.
   */
  static final String MERGE_SCRIPT = """
      local changed = redis.call('ZADD', KEYS[1], 'GT', 'CH', unpack(ARGV, 4))
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
      if changed > 0 then
        redis.call('PUBLISH', ARGV[2], ARGV[3])
      end
      return changed
      """;

  private final Vertx vertx;
  private final RedisClient redis;
  private final InMemoryRevocationList mirror;
  private final Clock clock;
  private final String tokensKey;
  private final String subjectsKey;
  private final String channel;
  private final AtomicBoolean syncing = new AtomicBoolean();
  private volatile boolean needsSync = true;
  private volatile Instant lastSync;
  private volatile String lastSyncError;
  private volatile RedisSubscriber subscriber;
  private volatile long retryTimer = -1;

  private RedisRevocationList(Vertx vertx, RedisClient redis, InMemoryRevocationList mirror, Clock clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.mirror = mirror;
    this.clock = clock;
    String prefix = redis.config().keyPrefix();
    this.tokensKey = prefix + "revoked:jti";
    this.subjectsKey = prefix + "revoked:sub";
    this.channel = prefix + "revocations";
  }

  /**
   * Subscribes and starts loading in the background; returns at once. Until the first load completes (or while
   * Redis is down from the start) the mirror is empty apart from revocations made on this instance.
   */
  public static RedisRevocationList start(Vertx vertx, RedisClient redis, InMemoryRevocationList mirror,
      Clock clock) {
    RedisRevocationList list = new RedisRevocationList(vertx, redis, mirror, clock);
    list.subscriber = redis.subscribe(list.channel, list::onMessage, list::onSubscribed);
    redis.onUp(list::syncIfNeeded);
    // Retries a failed load or write while Redis is up; sweeps the mirror. Cheap when there is nothing to do.
    long interval = redis.config().healthCheckInterval().toMillis();
    list.retryTimer = vertx.setPeriodic(interval, id -> {
      list.syncIfNeeded();
      list.mirror.forgetExpiredIfDue();
    });
    return list;
  }

  @Override
  public boolean isRevoked(VerifiedJwt token) {
    return mirror.isRevoked(token);
  }

  /**
   * Holds on this instance at once; the future succeeds once Redis has it and it was published to the others.
   * If it fails (Redis is down or slow), the revocation still holds here and is written to Redis by the next
   * load after the connection is back.
   */
  @Override
  public Future<Void> revokeToken(String jwtId, Instant expiresAt) {
    mirror.applyTokenRevocation(jwtId, expiresAt);
    String message = new JsonObject().put("jti", jwtId).put("expiresAt", expiresAt.toEpochMilli()).encode();
    return write(tokensKey, tokenFloor(), message, Map.of(jwtId, expiresAt));
  }

  /** As {@link #revokeToken}: holds here at once, in Redis and on the other instances when the future succeeds. */
  @Override
  public Future<Void> revokeSubject(String subject, Instant before) {
    mirror.applySubjectRevocation(subject, before);
    String message = new JsonObject().put("subject", subject).put("before", before.toEpochMilli()).encode();
    return write(subjectsKey, subjectFloor(), message, Map.of(subject, before));
  }

  private Future<Void> write(String key, long floor, String message, Map<String, Instant> entries) {
    return merge(key, floor, message, entries).<Void>mapEmpty().onFailure(e -> {
      // Kept in the mirror; the next load writes it back.
      needsSync = true;
      log.warn("Revocation not written to Redis ({}); it holds on this instance and is written on reconnect",
          e.getMessage());
    });
  }

  /** The number of members the script changed. */
  private Future<Long> merge(String key, long floor, String message, Map<String, Instant> entries) {
    Request request = Request.cmd(Command.EVAL).arg(MERGE_SCRIPT).arg(1).arg(key)
        .arg(floor).arg(channel).arg(message);
    entries.forEach((member, score) -> request.arg(score.toEpochMilli()).arg(member));
    return redis.send(request).map(Response::toLong);
  }

  private long tokenFloor() {
    return clock.millis();
  }

  private long subjectFloor() {
    return clock.instant().minus(mirror.maxTokenLifetime()).toEpochMilli();
  }

  private void onSubscribed() {
    // Whatever was published while the subscription was down is lost: catch up from the sets.
    needsSync = true;
    syncIfNeeded();
  }

  private void onMessage(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException e) {
      log.warn("Ignoring a malformed message on {}", channel);
      return;
    }
    try {
      if (message.containsKey("jti")) {
        mirror.applyTokenRevocation(message.getString("jti"), Instant.ofEpochMilli(message.getLong("expiresAt")));
      } else if (message.containsKey("subject")) {
        mirror.applySubjectRevocation(message.getString("subject"), Instant.ofEpochMilli(message.getLong("before")));
      } else if (message.containsKey("reload")) {
        load().onFailure(e -> needsSync = true);
      }
    } catch (RuntimeException e) {
      log.warn("Ignoring a malformed message on {}: {}", channel, e.toString());
    }
  }

  /** Loads, merges and writes back, unless a sync is already running or Redis or the subscription is down. */
  private void syncIfNeeded() {
    RedisSubscriber sub = subscriber;
    if (!needsSync || sub == null || sub.state() != RedisState.UP || !redis.isUp()
        || !syncing.compareAndSet(false, true)) {
      return;
    }
    needsSync = false;
    load()
        .compose(this::writeBack)
        .onSuccess(v -> {
          lastSync = clock.instant();
          lastSyncError = null;
          log.info("Revocations synchronised with Redis: {} token(s), {} subject(s)", mirror.tokenCount(),
              mirror.subjectCount());
        })
        .onFailure(e -> {
          needsSync = true; // retried by the periodic timer while Redis is up
          lastSyncError = e.getMessage();
          log.warn("Loading revocations from Redis failed ({}); retrying", e.getMessage());
        })
        .onComplete(ar -> syncing.set(false));
  }

  /** What Redis holds, merged into the mirror; returns it for the write-back. */
  private Future<Stored> load() {
    Future<Map<String, Instant>> tokens = range(tokensKey, tokenFloor());
    Future<Map<String, Instant>> subjects = range(subjectsKey, subjectFloor());
    return Future.all(tokens, subjects).map(done -> {
      tokens.result().forEach(mirror::applyTokenRevocation);
      subjects.result().forEach(mirror::applySubjectRevocation);
      return new Stored(tokens.result(), subjects.result());
    });
  }

  /** Every member scored at or above {@code floor}, with its score. Two commands: the sets may live on two nodes. */
  private Future<Map<String, Instant>> range(String key, long floor) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(key).arg(floor).arg("+inf").arg("BYSCORE").arg("WITHSCORES"))
        .map(RedisRevocationList::scored);
  }

  /** RESP3 answers {@code [[member, score], ...]}, RESP2 a flat {@code [member, score, ...]}. */
  static Map<String, Instant> scored(Response reply) {
    Map<String, Instant> out = new HashMap<>();
    if (reply == null) {
      return out;
    }
    int n = reply.size();
    if (n > 0 && reply.get(0).isArray()) {
      for (Response pair : reply) {
        out.put(pair.get(0).toString(), Instant.ofEpochMilli(pair.get(1).toDouble().longValue()));
      }
    } else {
      for (int i = 0; i + 1 < n; i += 2) {
        out.put(reply.get(i).toString(), Instant.ofEpochMilli(reply.get(i + 1).toDouble().longValue()));
      }
    }
    return out;
  }

  /** Writes what the mirror has and Redis lacks; if anything was missing, the other instances reload. */
  private Future<Void> writeBack(Stored stored) {
    Map<String, Instant> tokens = missing(mirror.revokedTokens(), stored.tokens());
    Map<String, Instant> subjects = missing(mirror.revokedSubjects(), stored.subjects());
    if (tokens.isEmpty() && subjects.isEmpty()) {
      return Future.succeededFuture();
    }
    log.info("Writing back {} token and {} subject revocation(s) that Redis lacked", tokens.size(),
        subjects.size());
    String reload = new JsonObject().put("reload", true).encode();
    List<Future<Long>> writes = new ArrayList<>();
    for (Map<String, Instant> chunk : chunks(tokens)) {
      writes.add(merge(tokensKey, tokenFloor(), reload, chunk));
    }
    for (Map<String, Instant> chunk : chunks(subjects)) {
      writes.add(merge(subjectsKey, subjectFloor(), reload, chunk));
    }
    return Future.all(writes).mapEmpty();
  }

  private static Map<String, Instant> missing(Map<String, Instant> local, Map<String, Instant> stored) {
    Map<String, Instant> out = new HashMap<>();
    local.forEach((key, value) -> {
      Instant there = stored.get(key);
      if (there == null || there.isBefore(value)) {
        out.put(key, value);
      }
    });
    return out;
  }

  private static List<Map<String, Instant>> chunks(Map<String, Instant> entries) {
    List<Map<String, Instant>> out = new ArrayList<>();
    Map<String, Instant> chunk = new HashMap<>();
    for (Map.Entry<String, Instant> e : entries.entrySet()) {
      chunk.put(e.getKey(), e.getValue());
      if (chunk.size() == WRITE_BACK_CHUNK) {
        out.add(chunk);
        chunk = new HashMap<>();
      }
    }
    if (!chunk.isEmpty()) {
      out.add(chunk);
    }
    return out;
  }

  public InMemoryRevocationList mirror() {
    return mirror;
  }

  public RedisClient redis() {
    return redis;
  }

  public RedisSubscriber subscriber() {
    return subscriber;
  }

  /** When the sets were last loaded in full, or {@code null} if never. */
  public Instant lastSync() {
    return lastSync;
  }

  public String lastSyncError() {
    return lastSyncError;
  }

  /** Stops the retry timer; the subscription closes with the {@link RedisClient}. */
  public void close() {
    vertx.cancelTimer(retryTimer);
  }

  private record Stored(Map<String, Instant> tokens, Map<String, Instant> subjects) {}
}
