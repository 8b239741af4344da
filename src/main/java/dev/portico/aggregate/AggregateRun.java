package dev.portico.aggregate;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Exchange;
import dev.portico.security.Identity;
import dev.portico.server.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One request's aggregate: starts every call as soon as the calls it needs have answered, and
 * completes with the merged object, or fails as soon as a required call fails. Confined to the
 * exchange's event loop.
 */
@SuppressWarnings("unchecked")
final class AggregateRun implements Template.Values {
  private final Exchange exchange;
  private final AggregatePlan plan;
  private final long deadlineNanos;
  private final Map<String, Future<Object>> results = new HashMap<>();
  private final Promise<JsonObject> done = Promise.promise();

  AggregateRun(Exchange exchange, AggregatePlan plan) {
    this.exchange = exchange;
    this.plan = plan;
    this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(plan.deadlineMillis());
  }

  Future<JsonObject> run() {
    for (PartCall call : plan.calls()) {
      Future<Object> result = call.needs().isEmpty() ? start(call) : afterNeeds(call);
      results.put(call.name(), result);
      if (call.required()) {
        result.onFailure(err -> done.tryFail(requiredFailed(call, PartFailure.from(err))));
      }
    }
    Future.join(new ArrayList<>(results.values())).onComplete(ar -> done.tryComplete(merge()));
    return done.future();
  }

  private Future<Object> afterNeeds(PartCall call) {
    List<Future<Object>> needs = new ArrayList<>(call.needs().size());
    call.needs().forEach(name -> needs.add(results.get(name)));
    return Future.join(needs).transform(ignored -> {
      for (int i = 0; i < needs.size(); i++) {
        if (needs.get(i).failed()) {
          return Future.failedFuture(PartFailure.of("skipped: needs " + call.needs().get(i)));
        }
      }
      return start(call);
    });
  }

  private Future<Object> start(PartCall call) {
    if (done.future().isComplete()) {
      return Future.failedFuture(PartFailure.of("skipped: answer already decided"));
    }
    if (exchange.response().closed()) {
      return Future.failedFuture(PartFailure.of("skipped: the client went away"));
    }
    long left = millisLeft();
    if (left <= 0) {
      return Future.failedFuture(PartFailure.timeout());
    }
    if (call.forEach() != null) {
      return fanOut(call, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(call.timeoutMillis()));
    }
    return fetchOne(call, this, Math.min(call.timeoutMillis(), left), left);
  }

  private long millisLeft() {
    return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
  }

  private Future<Object> fetchOne(PartCall call, Template.Values values, long timeoutMillis, long left) {
    String uri;
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    try {
      uri = uri(call, values);
    } catch (Template.MissingValueException e) {
      return Future.failedFuture(PartFailure.of("skipped: no value for " + e.getMessage()));
    }
    call.headers().forEach((name, template) -> {
      String value = renderOrNull(template, values, false);
      if (value != null) {
        headers.set(name, value);
      }
    });
    headers.set(RequestIds.HEADER, exchange.requestId());
    headers.set("Accept", "application/json");
    if (exchange.route() != null && exchange.route().identityHeaders() != null) {
      exchange.route().identityHeaders().apply(exchange.get(Identity.KEY), headers);
    }
    return PartFetcher.fetch(exchange, call, uri, headers, timeoutMillis, left);
  }

  /**
   * One call per element of the call's list, at most {@code concurrency} in flight; the result is the
   * list of answers in the list's order. The call's timeout covers the whole fan-out, and any element
   * that fails fails the call: a list with holes would be read as complete.
   */
  private Future<Object> fanOut(PartCall call, long callDeadlineNanos) {
    Object list = resolve(call.forEach().references().get(0));
    List<?> items = list instanceof List<?> l ? l : list == null ? null : List.of(list);
    if (items == null) {
      return Future.failedFuture(PartFailure.of("skipped: no value for " + call.forEach().references().get(0).text()));
    }
    Promise<Object> all = Promise.promise();
    Object[] answers = new Object[items.size()];
    int[] next = {0};
    int[] pending = {items.size()};
    if (items.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    Runnable[] startNext = new Runnable[1];
    startNext[0] = () -> {
      if (next[0] >= items.size() || all.future().isComplete()) {
        return;
      }
      int index = next[0]++;
      Object item = items.get(index);
      long left = millisLeft();
      long callLeft = TimeUnit.NANOSECONDS.toMillis(callDeadlineNanos - System.nanoTime());
      Future<Object> one = Math.min(left, callLeft) <= 0
          ? Future.failedFuture(PartFailure.timeout())
          : fetchOne(call, itemValues(item), Math.min(left, callLeft), left);
      one.onComplete(ar -> {
        if (ar.failed()) {
          PartFailure f = PartFailure.from(ar.cause());
          all.tryFail(f.isTimeout() ? f : PartFailure.of("item " + index + ": " + f.reason()));
          return;
        }
        answers[index] = ar.result();
        if (--pending[0] == 0) {
          all.tryComplete(new JsonArray(java.util.Arrays.asList(answers)));
        } else {
          startNext[0].run();
        }
      });
    };
    for (int i = 0; i < Math.min(call.concurrency(), items.size()); i++) {
      startNext[0].run();
    }
    return all.future();
  }

  /** This run's values, plus {@code {item}} bound to one element of a forEach. */
  private Template.Values itemValues(Object item) {
    return reference -> reference.kind() == Reference.Kind.ITEM
        ? JsonPaths.values(item instanceof java.util.Map<?, ?> m ? new JsonObject((java.util.Map<String, Object>) m)
            : item, reference.path())
        : resolve(reference);
  }

  private String uri(PartCall call, Template.Values values) {
    StringBuilder uri = new StringBuilder(call.path().render(values, true));
    char separator = uri.indexOf("?") >= 0 ? '&' : '?';
    for (Map.Entry<String, Template> q : call.query().entrySet()) {
      String value = renderOrNull(q.getValue(), values, true);
      if (value != null) {
        uri.append(separator).append(PercentEncoding.encode(q.getKey())).append('=').append(value);
        separator = '&';
      }
    }
    return uri.toString();
  }

  /** A query parameter or header whose value is absent is left out; only the path is indispensable. */
  private static String renderOrNull(Template template, Template.Values values, boolean encode) {
    try {
      return template.render(values, encode);
    } catch (Template.MissingValueException e) {
      return null;
    }
  }

  @Override
  public Object resolve(Reference reference) {
    return switch (reference.kind()) {
      case PARAM -> exchange.pathParams().get(reference.name());
      case QUERY -> exchange.request().getParam(reference.name());
      case IDENTITY -> identityField(exchange.get(Identity.KEY), reference.name());
      case ITEM -> null; // bound only inside a forEach
      case PART -> {
        Future<Object> result = results.get(reference.name());
        yield result == null || !result.succeeded() ? null : JsonPaths.values(result.result(), reference.path());
      }
    };
  }

  private static String identityField(Identity identity, String field) {
    if (identity == null) {
      return null;
    }
    return switch (field) {
      case "subject" -> identity.subject();
      case "tenant" -> identity.tenant();
      case "consumer" -> identity.consumer();
      case "plan" -> identity.plan();
      default -> null;
    };
  }

  private JsonObject merge() {
    JsonObject out = new JsonObject();
    JsonObject partial = new JsonObject();
    for (String name : plan.declared()) {
      Future<Object> result = results.get(name);
      if (result.succeeded()) {
        out.put(name, result.result());
      } else {
        partial.put(name, PartFailure.from(result.cause()).reason());
      }
    }
    if (!partial.isEmpty()) {
      out.put("_partial", partial);
    }
    return out;
  }

  private static GatewayException requiredFailed(PartCall call, PartFailure failure) {
    return failure.isTimeout()
        ? new GatewayException(ErrorCode.AGGREGATE_PART_TIMEOUT,
            "The required part '" + call.name() + "' did not answer in time.")
        : new GatewayException(ErrorCode.AGGREGATE_PART_FAILED,
            "The required part '" + call.name() + "' failed: " + failure.reason() + ".");
  }

  /** Values along a dotted path; arrays map element-wise, so {@code items.id} is the list of ids. */
  static final class JsonPaths {
    private JsonPaths() {}

    static Object values(Object node, List<String> path) {
      Object value = walk(node, path, 0);
      return value instanceof JsonArray array ? array.getList() : value;
    }

    private static Object walk(Object node, List<String> path, int i) {
      if (i == path.size() || node == null) {
        return node;
      }
      if (node instanceof JsonObject object) {
        return walk(object.getValue(path.get(i)), path, i + 1);
      }
      if (node instanceof JsonArray array) {
        List<Object> out = new ArrayList<>(array.size());
        for (Object element : array) {
          Object v = walk(element, path, i);
          if (v instanceof List<?> list) {
            out.addAll(list);
          } else if (v != null) {
            out.add(v);
          }
        }
        return out;
      }
      return null;
    }
  }
}
