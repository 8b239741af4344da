package dev.portico.transform;

import dev.portico.pipeline.AttributeKey;
import dev.portico.pipeline.Exchange;
import dev.portico.upstream.Upstream;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Edits that filters ask the proxy to make on one exchange's upstream request and proxied response.
 * Routes without transformation or validation never create one, so the proxy pays one null check.
 */
public final class UpstreamEdits {
  public static final AttributeKey<UpstreamEdits> KEY = AttributeKey.of("upstreamEdits");

  private final List<Consumer<MultiMap>> requestHeaders = new ArrayList<>(2);
  private final List<UnaryOperator<String>> query = new ArrayList<>(1);
  private final List<Consumer<MultiMap>> responseHeaders = new ArrayList<>(2);
  private Buffer body;
  private Upstream upstream;
  private UnaryOperator<Object> responseBody;
  private long responseBodyLimit;

  /** The exchange's edits, created on first use. */
  public static UpstreamEdits of(Exchange exchange) {
    UpstreamEdits edits = exchange.get(KEY);
    if (edits == null) {
      edits = new UpstreamEdits();
      exchange.set(KEY, edits);
    }
    return edits;
  }

  public void onRequestHeaders(Consumer<MultiMap> edit) {
    requestHeaders.add(edit);
  }

  public void onQuery(UnaryOperator<String> edit) {
    query.add(edit);
  }

  public void onResponseHeaders(Consumer<MultiMap> edit) {
    responseHeaders.add(edit);
  }

  /** Another upstream than the route's for this request (a weighted split). */
  public void upstream(Upstream upstream) {
    this.upstream = upstream;
  }

  /** The upstream this exchange goes to: one a filter chose, or the route's. */
  public static Upstream upstreamOf(Exchange exchange, Upstream routeUpstream) {
    UpstreamEdits edits = exchange.get(KEY);
    return edits == null || edits.upstream == null ? routeUpstream : edits.upstream;
  }

  /** Edits a proxied JSON response read whole up to {@code limit} bytes; larger ones pass untouched. */
  public void onResponseBody(UnaryOperator<Object> edit, long limit) {
    this.responseBody = edit;
    this.responseBodyLimit = limit;
  }

  UnaryOperator<Object> responseBody() {
    return responseBody;
  }

  long responseBodyLimit() {
    return responseBodyLimit;
  }

  /** The request body was read (to be checked or edited): the proxy sends this instead of streaming. */
  public void body(Buffer body) {
    this.body = body;
  }

  public Buffer body() {
    return body;
  }

  /** Edits the headers of the upstream request, after the client's end-to-end headers were copied. */
  public void applyToRequestHeaders(MultiMap headers) {
    for (Consumer<MultiMap> edit : requestHeaders) {
      edit.accept(headers);
    }
    if (body != null) {
      headers.remove("transfer-encoding");
      headers.set("content-length", Integer.toString(body.length()));
    }
  }

  /** @param rawQuery the client's raw query, or null; returns the upstream's, or null for none */
  public String applyToQuery(String rawQuery) {
    String out = rawQuery;
    for (UnaryOperator<String> edit : query) {
      out = edit.apply(out);
    }
    return out == null || out.isEmpty() ? null : out;
  }

  /** Edits the headers of the proxied response, before they are sent. */
  public void applyToResponseHeaders(MultiMap headers) {
    for (Consumer<MultiMap> edit : responseHeaders) {
      edit.accept(headers);
    }
  }
}
