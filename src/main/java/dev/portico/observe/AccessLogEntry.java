package dev.portico.observe;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/**
 * The fields of one access-log line. Paths are logged without their query string, which may carry
 * credentials; no header values are logged. A field without a value ({@code null}, or a negative
 * upstream time) is left out of the line.
 *
 * @param traceId  the request's trace id, or {@code null} when tracing is off
 * @param spanId   the gateway's server span id, or {@code null} when tracing is off
 * @param consumer the authenticated consumer's id, or {@code null}
 * @param tenant   the authenticated consumer's tenant, or {@code null}
 */
public record AccessLogEntry(
    Instant time,
    String requestId,
    String clientIp,
    String method,
    String path,
    String protocol,
    String route,
    String upstreamTarget,
    int status,
    String code,
    long bytesIn,
    long bytesOut,
    double durationMs,
    double upstreamMs,
    String traceId,
    String spanId,
    String consumer,
    String tenant) {

  private static final List<AccessLogField> ALL = List.copyOf(EnumSet.allOf(AccessLogField.class));

  /** An entry without trace ids or identity. */
  public AccessLogEntry(Instant time, String requestId, String clientIp, String method, String path, String protocol,
      String route, String upstreamTarget, int status, String code, long bytesIn, long bytesOut, double durationMs,
      double upstreamMs) {
    this(time, requestId, clientIp, method, path, protocol, route, upstreamTarget, status, code, bytesIn, bytesOut,
        durationMs, upstreamMs, null, null, null, null);
  }

  /** The line with every field. */
  public String toJson() {
    return toJson(ALL);
  }

  /** The line with {@code fields}, in the order given (the config gives them in {@link AccessLogField} order). */
  public String toJson(List<AccessLogField> fields) {
    StringBuilder b = new StringBuilder(256).append('{');
    for (AccessLogField f : fields) {
      switch (f) {
        case TIME -> field(b, "time", time == null ? null : time.toString());
        case REQUEST_ID -> field(b, "requestId", requestId);
        case TRACE_ID -> field(b, "traceId", traceId);
        case SPAN_ID -> field(b, "spanId", spanId);
        case CLIENT_IP -> field(b, "clientIp", clientIp);
        case METHOD -> field(b, "method", method);
        case PATH -> field(b, "path", path);
        case PROTOCOL -> field(b, "protocol", protocol);
        case ROUTE -> field(b, "route", route);
        case UPSTREAM -> field(b, "upstream", upstreamTarget);
        case STATUS -> number(b, "status").append(status);
        case CODE -> field(b, "code", code);
        case CONSUMER -> field(b, "consumer", consumer);
        case TENANT -> field(b, "tenant", tenant);
        case BYTES_IN -> number(b, "bytesIn").append(bytesIn);
        case BYTES_OUT -> number(b, "bytesOut").append(bytesOut);
        case DURATION_MS -> number(b, "durationMs").append(round(durationMs));
        case UPSTREAM_MS -> {
          if (upstreamMs >= 0) {
            number(b, "upstreamMs").append(round(upstreamMs));
          }
        }
        default -> throw new IllegalStateException(f.name());
      }
    }
    return b.append('}').toString();
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }

  private static StringBuilder number(StringBuilder b, String name) {
    if (b.length() > 1) {
      b.append(',');
    }
    return b.append('"').append(name).append("\":");
  }

  private static void field(StringBuilder b, String name, String value) {
    if (value == null) {
      return;
    }
    if (b.length() > 1) {
      b.append(',');
    }
    b.append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
