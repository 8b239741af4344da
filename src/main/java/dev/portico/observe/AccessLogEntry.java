package dev.portico.observe;

import java.time.Instant;

/**
 * The fields of one access-log line. Paths are logged without their query string, which may carry
 * credentials; no header values are logged.
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
    double upstreamMs) {

  public String toJson() {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"time\":\"").append(time).append('"');
    field(b, "requestId", requestId);
    field(b, "clientIp", clientIp);
    field(b, "method", method);
    field(b, "path", path);
    field(b, "protocol", protocol);
    field(b, "route", route);
    field(b, "upstream", upstreamTarget);
    b.append(",\"status\":").append(status);
    field(b, "code", code);
    b.append(",\"bytesIn\":").append(bytesIn);
    b.append(",\"bytesOut\":").append(bytesOut);
    b.append(",\"durationMs\":").append(round(durationMs));
    if (upstreamMs >= 0) {
      b.append(",\"upstreamMs\":").append(round(upstreamMs));
    }
    return b.append('}').toString();
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }

  private static void field(StringBuilder b, String name, String value) {
    if (value == null) {
      return;
    }
    b.append(",\"").append(name).append("\":\"");
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
