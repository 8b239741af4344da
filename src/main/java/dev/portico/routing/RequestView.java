package dev.portico.routing;

/**
 * What the router needs to know about a request. Implemented by the gateway over its own request type,
 * so that the routing package stays free of Vert.x.
 */
public interface RequestView {
  /** Lower-case host without port (the caller strips it); may be null when the request has none. */
  String host();

  /** Upper-case method, e.g. {@code GET}. */
  String method();

  /** The path, already canonicalised by {@link PathNormalizer#normalize(String)}. */
  String path();

  /**
   * First value of the header, or null. The router always passes lower-case names; the caller makes the
   * lookup case-insensitive.
   */
  String header(String name);

  /**
   * All lines of the header joined with {@code ", "} (RFC 9110 section 5.3), or null: for list headers
   * such as {@code Accept}, which a client may split over several lines.
   */
  default String joinedHeader(String name) {
    return header(name);
  }

  /** First value of the query parameter, or null. Names are case-sensitive. */
  String queryParam(String name);
}
