package dev.portico.pipeline;

import io.vertx.core.Future;
import java.util.List;

/** An immutable, ordered list of filters ending in a handler; built once per route per config. */
public final class Chain {
  private final Filter[] filters;
  private final Handler handler;
  private final int position;

  private Chain(Filter[] filters, Handler handler, int position) {
    this.filters = filters;
    this.handler = handler;
    this.position = position;
  }

  public static Chain of(List<Filter> filters, Handler handler) {
    return new Chain(filters.toArray(new Filter[0]), handler, 0);
  }

  /** Runs the rest of the chain from this position. */
  public Future<Void> next(Exchange exchange) {
    if (position == filters.length) {
      return handler.handle(exchange);
    }
    return filters[position].handle(exchange, new Chain(filters, handler, position + 1));
  }

  /** The filters' names then the handler's, e.g. {@code cors -> auth -> rateLimit -> proxy}. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (Filter f : filters) {
      b.append(f.name()).append(" -> ");
    }
    return b.append(handler.name()).toString();
  }

  public int size() {
    return filters.length;
  }
}
