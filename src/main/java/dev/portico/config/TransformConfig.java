package dev.portico.config;

import java.util.List;
import java.util.Map;

/**
 * A route's {@code transform}: edits of the request on its way upstream and of the proxied response.
 * Values are templates ({@code {param}}, {@code {query.name}}, {@code {identity.subject}}, {@code {requestId}}).
 */
public record TransformConfig(HeaderEdits requestHeaders, QueryEdits query, HeaderEdits responseHeaders,
    BodyEdits requestBody, BodyEdits responseBody, long maxBodySize) {
  public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

  /** Before JSON body edits existed. */
  public TransformConfig(HeaderEdits requestHeaders, QueryEdits query, HeaderEdits responseHeaders) {
    this(requestHeaders, query, responseHeaders, BodyEdits.NONE, BodyEdits.NONE, DEFAULT_MAX_BODY_SIZE);
  }

  /** JSON body fields by dotted path or JSON Pointer: removed, then renamed (moved). */
  public record BodyEdits(List<String> remove, Map<String, String> rename) {
    public static final BodyEdits NONE = new BodyEdits(List.of(), Map.of());

    public BodyEdits {
      remove = List.copyOf(remove);
      rename = Immutables.orderedCopy(rename);
    }

    public boolean isEmpty() {
      return remove.isEmpty() && rename.isEmpty();
    }
  }

  /** Applied in this order: remove, rename, set (replaces), add (appends). */
  public record HeaderEdits(List<String> remove, Map<String, String> rename, Map<String, String> set,
      Map<String, String> add) {
    public static final HeaderEdits NONE = new HeaderEdits(List.of(), Map.of(), Map.of(), Map.of());

    public HeaderEdits {
      remove = List.copyOf(remove);
      rename = Immutables.orderedCopy(rename);
      set = Immutables.orderedCopy(set);
      add = Immutables.orderedCopy(add);
    }

    public boolean isEmpty() {
      return remove.isEmpty() && rename.isEmpty() && set.isEmpty() && add.isEmpty();
    }
  }

  /** Applied in this order: remove, rename, set. */
  public record QueryEdits(List<String> remove, Map<String, String> rename, Map<String, String> set) {
    public static final QueryEdits NONE = new QueryEdits(List.of(), Map.of(), Map.of());

    public QueryEdits {
      remove = List.copyOf(remove);
      rename = Immutables.orderedCopy(rename);
      set = Immutables.orderedCopy(set);
    }

    public boolean isEmpty() {
      return remove.isEmpty() && rename.isEmpty() && set.isEmpty();
    }
  }
}
