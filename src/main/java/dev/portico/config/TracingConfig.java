package dev.portico.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * OpenTelemetry tracing; absent from the config means tracing is off.
 *
 * @param sampling     the share of new traces recorded, 0-1; a client's sampled parent is always followed
 * @param endpoint     the OTLP/HTTP traces URL, e.g. {@code http://127.0.0.1:4318/v1/traces}
 * @param timeout      the deadline of one export request
 * @param headers      sent with every export (e.g. an auth token), in YAML order
 * @param serviceName  the {@code service.name} resource attribute
 */
public record TracingConfig(double sampling, URI endpoint, Duration timeout, Map<String, String> headers,
    String serviceName) {

  public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:4318/v1/traces");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final String DEFAULT_SERVICE_NAME = "portico";
  public static final double DEFAULT_SAMPLING = 0.1;

  public TracingConfig {
    if (!(sampling >= 0 && sampling <= 1)) {
      throw new IllegalArgumentException("sampling: " + sampling + " (expected: 0-1)");
    }
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(timeout, "timeout");
    headers = Immutables.orderedCopy(headers);
    Objects.requireNonNull(serviceName, "serviceName");
  }

  /** Header values may be secrets: never printed. */
  @Override
  public String toString() {
    return "TracingConfig[sampling=" + sampling + ", endpoint=" + endpoint + ", timeout=" + timeout
        + ", headers=" + headers.keySet() + ", serviceName=" + serviceName + "]";
  }
}
