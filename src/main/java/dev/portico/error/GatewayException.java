package dev.portico.error;

/**
 * The one way code reports a failure that should become a gateway response. The detail is safe to
 * show to clients: it never carries upstream error text or internal addresses. No stack trace is
 * captured: these are expected outcomes on the request path, not bugs.
 */
public final class GatewayException extends RuntimeException {
  private final ErrorCode code;

  public GatewayException(ErrorCode code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }
}
