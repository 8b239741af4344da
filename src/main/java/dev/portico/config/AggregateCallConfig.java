package dev.portico.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One named call of an aggregate. {@code path}, {@code query} values and {@code headers} values are
 * templates: {@code {param}}, {@code {query.x}}, {@code {identity.subject}}, {@code {call.field}}.
 *
 * @param timeout      {@code null} = the upstream's timeout; always capped by the route's deadline
 * @param required     a failed required call fails the whole answer; an optional one is listed in {@code _partial}
 * @param maxBodySize  the largest response body read from the upstream, in bytes
 * @param forEach      {@code null}, or a template naming a list: the call is made once per element ({@code {item}})
 *                     and its result is the list of answers, in the list's order
 * @param concurrency  with forEach, how many of its calls may be in flight at once
 */
public record AggregateCallConfig(String name, String upstream, String method, String path,
    Map<String, String> query, Map<String, String> headers, Duration timeout, boolean required, long maxBodySize,
    String forEach, int concurrency) {
  public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
  public static final int DEFAULT_CONCURRENCY = 4;

  public AggregateCallConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = Immutables.orderedCopy(query);
    headers = Immutables.orderedCopy(headers);
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: at least 1)");
    }
  }
}
