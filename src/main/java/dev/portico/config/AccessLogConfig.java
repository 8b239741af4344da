package dev.portico.config;

import dev.portico.observe.AccessLogField;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * @param path              {@code "stdout"} or a file path
 * @param fields            the fields each line carries (a field without a value for a request is left out)
 * @param successSampling   the share of requests answered below 400 that are logged, 0-1; 4xx and 5xx are all kept
 */
public record AccessLogConfig(boolean enabled, String path, Set<AccessLogField> fields, double successSampling) {

  public static final String STDOUT = "stdout";
  /** Every field: today's line, plus trace ids and the consumer and tenant when known. */
  public static final Set<AccessLogField> DEFAULT_FIELDS = Set.copyOf(EnumSet.allOf(AccessLogField.class));

  public AccessLogConfig {
    Objects.requireNonNull(path, "path");
    fields = fields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fields));
    if (!(successSampling >= 0 && successSampling <= 1)) {
      throw new IllegalArgumentException("successSampling: " + successSampling + " (expected: 0-1)");
    }
  }

  public AccessLogConfig(boolean enabled, String path) {
    this(enabled, path, DEFAULT_FIELDS, 1.0);
  }

  public static AccessLogConfig ofDefault() {
    return new AccessLogConfig(true, STDOUT);
  }

  public boolean toStdout() {
    return STDOUT.equals(path);
  }

  /** The chosen fields in line order. */
  public List<AccessLogField> orderedFields() {
    return fields.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(fields));
  }
}
