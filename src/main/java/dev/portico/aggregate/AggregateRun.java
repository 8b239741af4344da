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
    long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (left <= 0) {
      return Future.failedFuture(PartFailure.timeout());
    }
    String uri;
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    try {
      uri = uri(call);
      call.headers().forEach((name, template) -> {
        String value = renderOrNull(template, false);
        if (value != null) {
          headers.set(name, value);
        }
      });
    } catch (Template.MissingValueException e) {
      return Future.failedFuture(PartFailure.of("skipped: no value for " + e.getMessage()));
    }
    headers.set(RequestIds.HEADER, exchange.requestId());
    headers.set("Accept", "application/json");
    if (exchange.route() != null && exchange.route().identityHeaders() != null) {
      exchange.route().identityHeaders().apply(exchange.get(Identity.KEY), headers);
    }
    return PartFetcher.fetch(exchange, call, uri, headers, Math.min(call.timeoutMillis(), left), left);
  }

  private String uri(PartCall call) {
    StringBuilder uri = new StringBuilder(call.path().render(this, true));
    char separator = uri.indexOf("?") >= 0 ? '&' : '?';
    for (Map.Entry<String, Template> q : call.query().entrySet()) {
      String value = renderOrNull(q.getValue(), true);
      if (value != null) {
        uri.append(separator).append(PercentEncoding.encode(q.getKey())).append('=').append(value);
        separator = '&';
      }
    }
    return uri.toString();
  }

  /** A query parameter or header whose value is absent is left out; only the path is indispensable. */
  private String renderOrNull(Template template, boolean encode) {
    try {
      return template.render(this, encode);
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
