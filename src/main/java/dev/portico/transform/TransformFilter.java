package dev.portico.transform;

import dev.portico.config.TransformConfig;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;

/**
 * A route's {@code transform}: registers its header and query edits on the exchange for the proxy to
 * apply when it builds the upstream request and relays the response. Nothing is copied or parsed here.
 */
public final class TransformFilter implements Filter {
  @Override
  public String name() {
    return "transform";
  }

  private final HeaderEditor requestHeaders;
  private final QueryEditor query;
  private final HeaderEditor responseHeaders;
  private final BodyEditor requestBody;
  private final BodyEditor responseBody;
  private final long maxBodySize;

  private TransformFilter(TransformConfig config) {
    this.requestHeaders = HeaderEditor.of(config.requestHeaders());
    this.query = QueryEditor.of(config.query());
    this.responseHeaders = HeaderEditor.of(config.responseHeaders());
    this.requestBody = BodyEditor.of(config.requestBody());
    this.responseBody = BodyEditor.of(config.responseBody());
    this.maxBodySize = config.maxBodySize();
  }

  /** Null when the route has nothing to transform. */
  public static TransformFilter of(TransformConfig config) {
    if (config == null || (config.requestHeaders().isEmpty() && config.query().isEmpty()
        && config.responseHeaders().isEmpty() && config.requestBody().isEmpty() && config.responseBody().isEmpty())) {
      return null;
    }
    return new TransformFilter(config);
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    UpstreamEdits edits = UpstreamEdits.of(exchange);
    RequestTemplate.Values values = new RequestTemplate.Values(exchange);
    if (requestHeaders != null) {
      edits.onRequestHeaders(headers -> requestHeaders.apply(headers, values));
    }
    if (query != null) {
      edits.onQuery(raw -> query.apply(raw, values));
    }
    if (responseHeaders != null) {
      edits.onResponseHeaders(headers -> responseHeaders.apply(headers, values));
    }
    if (responseBody != null) {
      edits.onResponseBody(responseBody::apply, maxBodySize);
    }
    HttpServerRequest request = exchange.request();
    if (requestBody == null || !RequestBodies.isJson(request)) {
      return chain.next(exchange);
    }
    if (edits.body() != null) { // validation has read it already
      edits.body(edited(edits.body()));
      return chain.next(exchange);
    }
    if (RequestBodies.declaredOver(request, maxBodySize)) {
      return chain.next(exchange); // too large to edit: streams as it came
    }
    long limit = Math.min(maxBodySize, exchange.route().maxBodySize());
    return RequestBodies.read(request, limit).compose(body -> {
      edits.body(edited(body));
      return chain.next(exchange);
    });
  }

  /** The edited body; a body that is not valid JSON goes as it came, for the upstream to judge. */
  private Buffer edited(Buffer body) {
    if (body.length() == 0) {
      return body;
    }
    try {
      return Json.encodeToBuffer(requestBody.apply(Json.decodeValue(body)));
    } catch (DecodeException e) {
      return body;
    }
  }
}
