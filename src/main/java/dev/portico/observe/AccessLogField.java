package dev.portico.observe;

import java.util.Arrays;
import java.util.List;

/** The fields an access-log line may carry, named as in the JSON line and in {@code accessLog.fields}. */
public enum AccessLogField {
  TIME("time"),
  REQUEST_ID("requestId"),
  TRACE_ID("traceId"),
  SPAN_ID("spanId"),
  CLIENT_IP("clientIp"),
  METHOD("method"),
  PATH("path"),
  PROTOCOL("protocol"),
  ROUTE("route"),
  UPSTREAM("upstream"),
  STATUS("status"),
  CODE("code"),
  CONSUMER("consumer"),
  TENANT("tenant"),
  BYTES_IN("bytesIn"),
  BYTES_OUT("bytesOut"),
  DURATION_MS("durationMs"),
  UPSTREAM_MS("upstreamMs");

  private static final List<String> NAMES = Arrays.stream(values()).map(AccessLogField::key).toList();

  private final String key;

  AccessLogField(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** Every field name, in the order fields appear in a line. */
  public static List<String> names() {
    return NAMES;
  }

  /** @throws IllegalArgumentException for an unknown name */
  public static AccessLogField of(String key) {
    for (AccessLogField f : values()) {
      if (f.key.equals(key)) {
        return f;
      }
    }
    throw new IllegalArgumentException(key);
  }
}
