package dev.portico.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A route's {@code shape}: named views of its JSON result (Backend for Frontend), and how a request
 * picks one.
 *
 * @param views       by view name
 * @param selector    how the view is chosen; an unknown or absent view gives the full result
 * @param maxBodySize the largest proxied JSON response that is buffered to be shaped; larger ones pass unshaped
 */
public record ShapeConfig(Map<String, View> views, Selector selector, long maxBodySize) {
  public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
  public static final String DEFAULT_HEADER = "X-Client";

  public ShapeConfig {
    views = Immutables.orderedCopy(views);
    Objects.requireNonNull(selector, "selector");
  }

  /**
   * @param fields dotted paths ({@code order.id}) or JSON Pointers ({@code /order/id}) to keep; empty = keep all
   * @param rename from path to new dotted path; the value moves there
   */
  public record View(List<String> fields, Map<String, String> rename) {
    public View {
      fields = List.copyOf(fields);
      rename = Immutables.orderedCopy(rename);
    }
  }

  /** Where the view name comes from. */
  public enum Source { HEADER, PATH_PREFIX, CONSUMER }

  /**
   * @param header   the header naming the view, for {@link Source#HEADER}
   * @param mapping  path prefix or consumer id to view name, for the other sources
   */
  public record Selector(Source source, String header, Map<String, String> mapping) {
    public Selector {
      Objects.requireNonNull(source, "source");
      mapping = Immutables.orderedCopy(mapping);
    }

    public static Selector ofDefault() {
      return new Selector(Source.HEADER, DEFAULT_HEADER, Map.of());
    }
  }
}
