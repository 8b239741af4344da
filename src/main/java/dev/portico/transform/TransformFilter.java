package dev.portico.transform;

import dev.portico.config.TransformConfig;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import io.vertx.core.Future;

/**
 * A route's {@code transform}: registers its header and query edits on the exchange for the proxy to
 * apply when it builds the upstream request and relays the response. Nothing is copied or parsed here.
 */
public final class TransformFilter implements Filter {
  private final HeaderEditor requestHeaders;
  private final QueryEditor query;
  private final HeaderEditor responseHeaders;

  private TransformFilter(TransformConfig config) {
    this.requestHeaders = HeaderEditor.of(config.requestHeaders());
    this.query = QueryEditor.of(config.query());
    this.responseHeaders = HeaderEditor.of(config.responseHeaders());
  }

  /** Null when the route has nothing to transform. */
  public static TransformFilter of(TransformConfig config) {
    if (config == null || (config.requestHeaders().isEmpty() && config.query().isEmpty()
        && config.responseHeaders().isEmpty())) {
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
    return chain.next(exchange);
  }
}
