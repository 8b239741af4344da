package dev.portico.aggregate;

import dev.portico.observe.trace.ClientSpan;
import dev.portico.pipeline.Exchange;
import dev.portico.upstream.Target;
import dev.portico.upstream.Upstream;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.net.ConnectException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one call of an aggregate to a target of its upstream and reads the JSON answer whole, up to a
 * size cap, within a timeout. Identical GETs in flight at the same time on the same event loop share
 * one upstream request: their key is the upstream, the URI and every header that could change the
 * answer (all but the request id and the deadline).
 */
final class PartFetcher {
  private static final Logger log = LoggerFactory.getLogger(PartFetcher.class);
  static final String DEADLINE_HEADER = "X-Portico-Deadline-Ms";
  private static final String IN_FLIGHT_KEY = PartFetcher.class.getName() + ".inFlight";

  private PartFetcher() {}

  /**
   * @param headers the headers to send, without Host and the deadline, which depend on the target and the time
   */
  static Future<Object> fetch(Exchange exchange, PartCall call, String uri, MultiMap headers, long timeoutMillis,
      long deadlineMillisLeft) {
    if (call.method() != HttpMethod.GET) {
      return send(exchange, call, uri, headers, timeoutMillis, deadlineMillisLeft);
    }
    Map<String, Future<Object>> inFlight = inFlight();
    if (inFlight == null) {
      return send(exchange, call, uri, headers, timeoutMillis, deadlineMillisLeft);
    }
    String key = coalescingKey(call.upstream(), uri, headers);
    Future<Object> shared = inFlight.get(key);
    if (shared != null) {
      return within(exchange.vertx(), shared, timeoutMillis);
    }
    Future<Object> sent = send(exchange, call, uri, headers, timeoutMillis, deadlineMillisLeft);
    if (!sent.isComplete()) {
      inFlight.put(key, sent);
      sent.onComplete(ar -> inFlight.remove(key, sent));
    }
    return sent;
  }

  /** A joined request keeps its own timeout: the shared one may have been started with a longer one. */
  private static Future<Object> within(Vertx vertx, Future<Object> shared, long timeoutMillis) {
    Promise<Object> mine = Promise.promise();
    long timer = vertx.setTimer(timeoutMillis, id -> mine.tryFail(PartFailure.timeout()));
    shared.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        mine.tryComplete(ar.result());
      } else {
        mine.tryFail(ar.cause());
      }
    });
    return mine.future();
  }

  /** The event loop context's map of GETs in flight; null off an event loop (nothing to coalesce with). */
  private static Map<String, Future<Object>> inFlight() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return null;
    }
    Map<String, Future<Object>> map = context.get(IN_FLIGHT_KEY);
    if (map == null) {
      map = new HashMap<>();
      context.put(IN_FLIGHT_KEY, map);
    }
    return map;
  }

  static String coalescingKey(Upstream upstream, String uri, MultiMap headers) {
    StringBuilder key = new StringBuilder(upstream.name()).append('@')
        .append(System.identityHashCode(upstream)).append(' ').append(uri);
    TreeMap<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(e -> {
      if (!e.getKey().equalsIgnoreCase("X-Request-Id")) {
        sorted.merge(e.getKey(), e.getValue(), (a, b) -> a + "," + b);
      }
    });
    sorted.forEach((k, v) -> key.append('\n').append(k.toLowerCase(java.util.Locale.ROOT)).append(':').append(v));
    return key.toString();
  }

  private static Future<Object> send(Exchange exchange, PartCall call, String uri, MultiMap headers,
      long timeoutMillis, long deadlineMillisLeft) {
    Upstream upstream = call.upstream();
    if (!upstream.tryAcquireSlot()) {
      return Future.failedFuture(PartFailure.of("upstream at its limit"));
    }
    Target target = upstream.chooseAdmitted(null, null);
    if (target == null) {
      upstream.releaseSlot();
      return Future.failedFuture(PartFailure.unreachable());
    }
    MultiMap out = MultiMap.caseInsensitiveMultiMap().addAll(headers)
        .set("Host", target.authority())
        .set(DEADLINE_HEADER, Long.toString(deadlineMillisLeft));
    // One CLIENT span per upstream request; calls coalesced onto it share it.
    ClientSpan span = ClientSpan.startAggregateCall(exchange, call.name(), upstream.name(), target.host(),
        target.port(), call.method().name());
    span.inject(out);
    RequestOptions options = new RequestOptions()
        .setServer(target.address())
        .setHost(target.host())
        .setPort(target.port())
        .setMethod(call.method())
        .setURI(uri)
        .setHeaders(out)
        .setConnectTimeout(Math.min(timeoutMillis, upstream.config().connectTimeout().toMillis()));
    Promise<Object> result = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long started = System.nanoTime();
    boolean[] serverFailed = {false};
    target.requestStarted();
    Vertx vertx = exchange.vertx();
    long timer = vertx.setTimer(timeoutMillis, id -> {
      serverFailed[0] = true;
      if (result.tryFail(PartFailure.timeout()) && sent[0] != null) {
        sent[0].reset();
      }
    });
    exchange.upstreamClients().clientFor(upstream).request(options)
        .onFailure(err -> {
          if (isConnectFailure(err)) {
            target.connectFailed(System.nanoTime());
          }
          serverFailed[0] = true;
          result.tryFail(PartFailure.unreachable());
        })
        .onSuccess(request -> {
          target.connected();
          sent[0] = request;
          request.exceptionHandler(err -> log.debug("Aggregate call {} of {} failed: {}", call.name(),
              exchange.requestId(), err.toString()));
          if (result.future().isComplete()) {
            request.reset();
            return;
          }
          request.send().onComplete(ar -> {
            if (ar.failed()) {
              serverFailed[0] = true;
              result.tryFail(PartFailure.unreachable());
              return;
            }
            var response = ar.result();
            int status = response.statusCode();
            span.status(status);
            if (status < 200 || status > 299) {
              serverFailed[0] = status >= 500;
              response.handler(chunk -> { }); // drained so the connection is reused
              response.end();
              result.tryFail(PartFailure.status(status));
              return;
            }
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
              if (body.length() + chunk.length() > call.maxBodySize()) {
                if (result.tryFail(PartFailure.of("response larger than " + call.maxBodySize() + " bytes"))) {
                  request.reset();
                }
                return;
              }
              body.appendBuffer(chunk);
            });
            response.end().onComplete(end -> {
              if (end.failed()) {
                serverFailed[0] = true;
                result.tryFail(PartFailure.unreachable());
                return;
              }
              try {
                result.tryComplete(body.length() == 0 ? null : Json.decodeValue(body));
              } catch (DecodeException e) {
                result.tryFail(PartFailure.of("invalid JSON"));
              }
            });
          });
        });
    return result.future().andThen(ar -> {
      if (ar.failed()) {
        span.fail(ar.cause());
      } else {
        span.end();
      }
      vertx.cancelTimer(timer);
      target.requestEnded();
      long nanos = System.nanoTime() - started;
      upstream.callEnded(target, serverFailed[0], nanos);
      if (exchange.route() != null) {
        exchange.route().meters().upstreamCall(upstream.name(), nanos);
      }
      upstream.releaseSlot();
    });
  }

  private static boolean isConnectFailure(Throwable t) {
    return t instanceof ConnectException || t instanceof ConnectTimeoutException;
  }
}
