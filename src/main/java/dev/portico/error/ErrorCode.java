package dev.portico.error;

/**
 * Stable, machine-readable reasons for responses the gateway makes itself. The same code goes to the
 * problem body, the access log and metrics, like Envoy's response flags.
 */
public enum ErrorCode {
  BAD_REQUEST("bad_request", 400, "Bad Request"),
  VALIDATION_FAILED("validation_failed", 400, "Bad Request"),
  INVALID_PATH("invalid_path", 400, "Invalid Path"),
  UNAUTHENTICATED("unauthenticated", 401, "Unauthorized"),
  FORBIDDEN("forbidden", 403, "Forbidden"),
  NO_ROUTE("no_route", 404, "Not Found"),
  METHOD_NOT_ALLOWED("method_not_allowed", 405, "Method Not Allowed"),
  REQUEST_TIMEOUT("request_timeout", 408, "Request Timeout"),
  BODY_TOO_LARGE("body_too_large", 413, "Content Too Large"),
  URI_TOO_LONG("uri_too_long", 414, "URI Too Long"),
  EXPECTATION_FAILED("expectation_failed", 417, "Expectation Failed"),
  RATE_LIMITED("rate_limited", 429, "Too Many Requests"),
  HEADERS_TOO_LARGE("headers_too_large", 431, "Request Header Fields Too Large"),
  INTERNAL("internal", 500, "Internal Server Error"),
  UPSTREAM_CONNECT("upstream_connect", 502, "Bad Gateway"),
  UPSTREAM_RESET("upstream_reset", 502, "Bad Gateway"),
  UPSTREAM_TLS("upstream_tls", 502, "Bad Gateway"),
  AGGREGATE_PART_FAILED("aggregate_part_failed", 502, "Bad Gateway"),
  NO_HEALTHY_UPSTREAM("no_healthy_upstream", 503, "Service Unavailable"),
  SHUTTING_DOWN("shutting_down", 503, "Service Unavailable"),
  OVERLOADED("overloaded", 503, "Service Unavailable"),
  CIRCUIT_OPEN("circuit_open", 503, "Service Unavailable"),
  RATE_LIMITER_UNAVAILABLE("rate_limiter_unavailable", 503, "Service Unavailable"),
  UPSTREAM_TIMEOUT("upstream_timeout", 504, "Gateway Timeout"),
  AGGREGATE_PART_TIMEOUT("aggregate_part_timeout", 504, "Gateway Timeout");

  private final String code;
  private final int status;
  private final String title;

  ErrorCode(String code, int status, String title) {
    this.code = code;
    this.status = status;
    this.title = title;
  }

  /** The stable snake_case identifier used in problem bodies, logs and metrics. */
  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
