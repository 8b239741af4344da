package dev.portico.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a request must look like to take a route. Empty lists and maps match anything.
 *
 * @param hosts   lower-cased; exact {@code api.example.com} or wildcard {@code *.example.com}
 * @param path    a path pattern, checked later by the router ({@code /**} by default)
 * @param methods upper-cased HTTP method tokens
 * @param headers header name to required value; {@code "*"} = just present
 * @param query   query parameter to required value; {@code "*"} = just present
 * @param mediaType a parameter of the preferred media range in {@code Accept}, or {@code null}
 */
public record MatchConfig(List<String> hosts, String path, List<String> methods, Map<String, String> headers,
    Map<String, String> query, MediaTypeMatchConfig mediaType) {

  public static final String DEFAULT_PATH = "/**";
  public static final String ANY_VALUE = "*";

  public MatchConfig {
    hosts = List.copyOf(hosts);
    Objects.requireNonNull(path, "path");
    methods = List.copyOf(methods);
    headers = Immutables.orderedCopy(headers);
    query = Immutables.orderedCopy(query);
  }

  /** A match without a media-type condition. */
  public MatchConfig(List<String> hosts, String path, List<String> methods, Map<String, String> headers,
      Map<String, String> query) {
    this(hosts, path, methods, headers, query, null);
  }

  public static MatchConfig ofDefault() {
    return new MatchConfig(List.of(), DEFAULT_PATH, List.of(), Map.of(), Map.of());
  }
}
