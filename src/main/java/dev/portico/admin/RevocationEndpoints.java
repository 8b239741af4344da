package dev.portico.admin;

import dev.portico.cluster.RedisClient;
import dev.portico.cluster.RedisSubscriber;
import dev.portico.config.ClusterConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.Problem;
import dev.portico.security.RevocationList;
import dev.portico.security.revocation.InMemoryRevocationList;
import dev.portico.security.revocation.RedisRevocationList;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * {@code POST /revocations} revokes one token by {@code jti}, or every token of a subject issued before a time;
 * {@code GET /revocations/status} shows the store and, with Redis, the connection state.
 *
 * <p>A revocation holds on this instance as soon as it is accepted. The answer says how far it reached: 200 with
 * {@code "scope": "cluster"} once Redis has it and the other instances were told, 202 with {@code "scope":
 * "instance"} when Redis could not be reached (it is written there on reconnect), 200 with {@code "scope":
 * "instance"} on a gateway without Redis. Bad input is a 400 problem body naming the field.
 */
final class RevocationEndpoints {
  static final String REVOCATIONS = "/revocations";
  static final String STATUS = "/revocations/status";

  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final int MAX_ID_CHARS = 1024;
  /** A cut-off a little ahead of this clock is the operator's clock being ahead, not a request to lock out. */
  private static final Duration CLOCK_LEEWAY = Duration.ofMinutes(1);
  private static final Set<String> TOKEN_FIELDS = Set.of("jti", "expiresAt");
  private static final Set<String> SUBJECT_FIELDS = Set.of("subject", "before");
  private static final String SHAPE =
      "{\"jti\": \"...\", \"expiresAt\": \"...\"} or {\"subject\": \"...\", \"before\": \"...\"}";
  private static final String INSTANT_EXPECTED = "an ISO-8601 instant like 2026-01-31T12:00:00Z, or epoch seconds";

  private RevocationEndpoints() {}

  static boolean handles(String path) {
    return REVOCATIONS.equals(path) || STATUS.equals(path);
  }

  static void handle(HttpServerRequest request, RevocationList revocations) {
    if (STATUS.equals(request.path())) {
      if (request.method() != HttpMethod.GET) {
        methodNotAllowed(request, "GET");
        return;
      }
      json(request, 200, status(revocations));
    } else if (request.method() != HttpMethod.POST) {
      methodNotAllowed(request, "POST");
    } else {
      readBody(request, body -> revoke(request, revocations, body));
    }
  }

  private static void revoke(HttpServerRequest request, RevocationList revocations, Buffer body) {
    JsonObject in;
    try {
      Object parsed = body.length() == 0 ? null : body.toJsonValue();
      if (!(parsed instanceof JsonObject o)) {
        problem(request, ErrorCode.BAD_REQUEST, "body: not a JSON object (expected: " + SHAPE + ")");
        return;
      }
      in = o;
    } catch (DecodeException e) {
      problem(request, ErrorCode.BAD_REQUEST, "body: not valid JSON (expected: " + SHAPE + ")");
      return;
    }
    Instant now = Instant.now();
    Duration lifetime = maxTokenLifetime(revocations);
    try {
      if (in.containsKey("jti") && in.containsKey("subject")) {
        throw new BadInput("body: sets both jti and subject (expected: one revocation per request, " + SHAPE + ")");
      } else if (in.containsKey("jti")) {
        onlyFields(in, TOKEN_FIELDS);
        String jti = id(in, "jti");
        Instant expiresAt = in.containsKey("expiresAt") ? instant(in, "expiresAt") : now.plus(lifetime);
        if (!expiresAt.isAfter(now)) {
          throw new BadInput("expiresAt: " + expiresAt + " is past (expected: the token's exp, in the future)");
        }
        JsonObject what = new JsonObject().put("jti", jti).put("expiresAt", expiresAt.toString());
        answer(request, revocations, revocations.revokeToken(jti, expiresAt), what);
      } else if (in.containsKey("subject")) {
        onlyFields(in, SUBJECT_FIELDS);
        String subject = id(in, "subject");
        Instant before = in.containsKey("before") ? instant(in, "before") : now;
        if (before.isAfter(now.plus(CLOCK_LEEWAY))) {
          throw new BadInput("before: " + before + " is in the future (expected: a time up to now)");
        }
        if (!before.plus(lifetime).isAfter(now)) {
          throw new BadInput("before: " + before + " is older than cluster.revocation.maxTokenLifetime ("
              + format(lifetime) + "), so every token it could refuse has expired (expected: a recent time)");
        }
        JsonObject what = new JsonObject().put("subject", subject).put("before", before.toString());
        answer(request, revocations, revocations.revokeSubject(subject, before), what);
      } else {
        throw new BadInput("body: sets neither jti nor subject (expected: " + SHAPE + ")");
      }
    } catch (BadInput e) {
      problem(request, ErrorCode.BAD_REQUEST, e.getMessage());
    }
  }

  private static void answer(HttpServerRequest request, RevocationList revocations, Future<Void> stored,
      JsonObject what) {
    boolean clustered = revocations instanceof RedisRevocationList;
    stored.onComplete(ar -> {
      JsonObject out = new JsonObject().put("revoked", what);
      if (ar.succeeded()) {
        json(request, 200, out.put("scope", clustered ? "cluster" : "instance"));
      } else {
        json(request, 202, out.put("scope", "instance").put("detail", ar.cause().getMessage()
            + "; the revocation holds on this instance and is written to Redis when it is back"));
      }
    });
  }

  private static void onlyFields(JsonObject in, Set<String> allowed) {
    for (String field : in.fieldNames()) {
      if (!allowed.contains(field)) {
        throw new BadInput(field + ": unknown field (expected: " + SHAPE + ")");
      }
    }
  }

  private static String id(JsonObject in, String field) {
    Object value = in.getValue(field);
    if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_ID_CHARS) {
      throw new BadInput(field + ": " + shown(value) + " (expected: a non-empty string of at most "
          + MAX_ID_CHARS + " characters)");
    }
    return s;
  }

  /** An ISO-8601 instant (with Z or an offset), or epoch seconds as a number or a string of digits. */
  static Instant instant(JsonObject in, String field) {
    Object value = in.getValue(field);
    try {
      if (value instanceof Number n) {
        return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
      }
      if (value instanceof String s) {
        String text = s.strip();
        if (text.matches("[0-9]{1,12}")) {
          return Instant.ofEpochSecond(Long.parseLong(text));
        }
        try {
          return Instant.parse(text);
        } catch (DateTimeException e) {
          return OffsetDateTime.parse(text).toInstant();
        }
      }
    } catch (DateTimeException | ArithmeticException e) {
      // reported below
    }
    throw new BadInput(field + ": " + shown(value) + " (expected: " + INSTANT_EXPECTED + ")");
  }

  private static String shown(Object value) {
    if (value instanceof String s) {
      String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
      return Json.encode(cut);
    }
    return String.valueOf(value);
  }

  /** In the config's own syntax: 30d, 12h, 90m, 45s. */
  static String format(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    } else if (s % 3600 == 0) {
      return s / 3600 + "h";
    } else if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static Duration maxTokenLifetime(RevocationList revocations) {
    if (revocations instanceof RedisRevocationList r) {
      return r.mirror().maxTokenLifetime();
    } else if (revocations instanceof InMemoryRevocationList m) {
      return m.maxTokenLifetime();
    }
    return ClusterConfig.DEFAULT_MAX_TOKEN_LIFETIME;
  }

  static JsonObject status(RevocationList revocations) {
    if (revocations instanceof RedisRevocationList r) {
      RedisClient redis = r.redis();
      RedisSubscriber subscription = r.subscriber();
      return new JsonObject()
          .put("store", "redis")
          .put("revokedTokens", r.mirror().tokenCount())
          .put("revokedSubjects", r.mirror().subjectCount())
          .put("redis", new JsonObject()
              .put("state", redis.state().name())
              .put("since", redis.since().toString())
              .put("lastError", redis.lastError())
              .put("urls", new JsonArray(redis.config().redactedUrls()))
              .put("mode", redis.config().mode().yamlName())
              .put("subscription", new JsonObject()
                  .put("channel", subscription.channel())
                  .put("state", subscription.state().name())
                  .put("since", subscription.since().toString())
                  .put("lastError", subscription.lastError()))
              .put("lastSync", r.lastSync() == null ? null : r.lastSync().toString())
              .put("lastSyncError", r.lastSyncError()));
    }
    JsonObject out = new JsonObject().put("store", "memory");
    if (revocations instanceof InMemoryRevocationList m) {
      out.put("revokedTokens", m.tokenCount()).put("revokedSubjects", m.subjectCount());
    }
    return out;
  }

  /** Collects the body up to a limit; a larger one is refused with 413 without buffering it. */
  private static void readBody(HttpServerRequest request, io.vertx.core.Handler<Buffer> then) {
    String declared = request.getHeader("Content-Length");
    if (declared != null && declared.matches("[0-9]{1,19}") && Long.parseLong(declared) > MAX_BODY_BYTES) {
      problem(request, ErrorCode.BODY_TOO_LARGE, "body: over " + MAX_BODY_BYTES + " bytes");
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = new boolean[1];
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > MAX_BODY_BYTES) {
        refused[0] = true;
        problem(request, ErrorCode.BODY_TOO_LARGE, "body: over " + MAX_BODY_BYTES + " bytes");
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> {
      if (!refused[0]) {
        then.handle(body);
      }
    });
  }

  private static void methodNotAllowed(HttpServerRequest request, String allowed) {
    request.response().putHeader("Allow", allowed);
    problem(request, ErrorCode.METHOD_NOT_ALLOWED, request.method().name() + " " + request.path()
        + " (expected: " + allowed + ")");
  }

  private static void problem(HttpServerRequest request, ErrorCode code, String detail) {
    request.response().setStatusCode(code.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
        .end(new Problem(code, detail, request.path(), null).toJson());
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body.encodePrettily());
  }

  /** Input the endpoint refuses, with the message for the problem body. */
  private static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message, null, false, false);
    }
  }
}
