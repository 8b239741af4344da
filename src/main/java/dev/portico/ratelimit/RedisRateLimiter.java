package dev.portico.ratelimit;

import dev.portico.cluster.RedisClient;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rate limits shared by every instance through Redis: one atomic round trip per decision (the GCRA
 * script, by its SHA, loaded on first use), timed on Redis's clock so clock skew between instances
 * cannot over-issue. Every call has a deadline; a failed or late call fails the future and the
 * caller applies its fail-open or fail-closed rule.
 */
public final class RedisRateLimiter implements Limiter {
  static final String SCRIPT = loadScript();
  static final String SCRIPT_SHA = sha1(SCRIPT);
  private static final long NANOS_PER_MICRO = 1_000;

  private final RedisClient redis;
  private final String keyPrefix;
  private final long timeoutMillis;

  public RedisRateLimiter(RedisClient redis, String keyPrefix, long timeoutMillis) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.timeoutMillis = timeoutMillis;
    // Load the script whenever Redis comes (back) up, so the first decision does not pay for EVAL.
    redis.onUp(() -> redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)));
  }

  /** Checks every quota for one request, all or nothing, like {@link LocalRateLimiter#decide}. */
  @Override
  public Future<List<Decision>> check(List<String> keys, List<Quota> quotas, int cost) {
    return send(evalRequest(Command.EVALSHA, SCRIPT_SHA, keys, quotas, cost))
        .recover(failure -> isNoScript(failure)
            ? send(evalRequest(Command.EVAL, SCRIPT, keys, quotas, cost))
            : Future.failedFuture(failure))
        .map(response -> decisions(response, quotas, cost));
  }

  private Future<Response> send(Request request) {
    return redis.send(request).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private Request evalRequest(Command command, String scriptOrSha, List<String> keys, List<Quota> quotas,
      int cost) {
    Request request = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
    for (String key : keys) {
      request.arg(keyPrefix + key);
    }
    request.arg(cost);
    for (Quota quota : quotas) {
      request.arg(Math.max(1, quota.intervalNanos() / NANOS_PER_MICRO)).arg(quota.periodNanos() / NANOS_PER_MICRO);
    }
    return request;
  }

  private static List<Decision> decisions(Response response, List<Quota> quotas, int cost) {
    boolean allowed = response.get(0).toLong() == 1;
    List<Decision> out = new ArrayList<>(quotas.size());
    for (int i = 0; i < quotas.size(); i++) {
      int at = 1 + 4 * i;
      boolean ok = response.get(at).toLong() == 1;
      long remaining = response.get(at + 1).toLong();
      long reset = response.get(at + 2).toLong() * NANOS_PER_MICRO;
      long retry = response.get(at + 3).toLong() * NANOS_PER_MICRO;
      Quota quota = quotas.get(i);
      out.add(new Decision(quota, allowed || ok, Math.min(remaining, quota.limit()), reset,
          allowed ? 0 : retry));
    }
    return List.copyOf(out);
  }

  private static boolean isNoScript(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }

  private static String loadScript() {
    try (InputStream in = RedisRateLimiter.class.getResourceAsStream("gcra.lua")) {
      if (in == null) {
        throw new IllegalStateException("gcra.lua is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
