package dev.portico.aggregate;

import dev.portico.config.AggregateConfig;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Handler;
import dev.portico.server.RequestIds;
import dev.portico.transform.JsonView;
import dev.portico.transform.Shaper;
import dev.portico.transform.UpstreamEdits;
import dev.portico.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import java.util.Map;

/**
 * Answers a route with the merged JSON of its aggregate's calls, in the view the client asked for.
 * Failures of required calls become problem responses through the dispatcher.
 */
public final class AggregateHandler implements Handler {
  @Override
  public String name() {
    return "aggregate";
  }

  private final AggregatePlan plan;
  private final Shaper shaper;

  private AggregateHandler(AggregatePlan plan, Shaper shaper) {
    this.plan = plan;
    this.shaper = shaper;
  }

  /** @param upstreams the snapshot's upstreams; every call's upstream is among them (the binder checked) */
  public static AggregateHandler of(AggregateConfig config, Map<String, Upstream> upstreams, Shaper shaper) {
    return new AggregateHandler(AggregatePlan.of(config, upstreams), shaper);
  }

  @Override
  public Future<Void> handle(Exchange exchange) {
    long started = System.nanoTime();
    return new AggregateRun(exchange, plan).run().compose(merged -> {
      exchange.upstreamNanos(System.nanoTime() - started);
      JsonView view = shaper == null ? null : shaper.viewFor(exchange);
      Object body = view == null ? merged : view.apply(merged);
      HttpServerResponse response = exchange.response();
      response.setStatusCode(200)
          .putHeader("Content-Type", "application/json")
          .putHeader(RequestIds.HEADER, exchange.requestId());
      UpstreamEdits edits = exchange.get(UpstreamEdits.KEY);
      if (edits != null) { // the route's transform.response.headers, as on a proxied answer
        edits.applyToResponseHeaders(response.headers());
      }
      return response.end(Json.encodeToBuffer(body));
    });
  }
}
