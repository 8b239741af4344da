package dev.portico.error;

import java.util.Map;

/**
 * The one way code reports a failure that should become a gateway response. The detail is safe to
 * show to clients: it never carries upstream error text or internal addresses. No stack trace is
 * captured: these are expected outcomes on the request path, not bugs.
 */
public final class GatewayException extends RuntimeException {
  private final ErrorCode code;
  private final Map<String, String> headers;

  public GatewayException(ErrorCode code, String detail) {
    this(code, detail, Map.of());
  }

  /** @param headers response headers the problem must carry, e.g. {@code WWW-Authenticate} on a 401 */
  public GatewayException(ErrorCode code, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  public ErrorCode code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, String> headers() {
    return headers;
  }
}
