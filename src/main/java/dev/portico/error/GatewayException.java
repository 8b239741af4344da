package dev.portico.error;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The one way code reports a failure that should become a gateway response. The detail is safe to
 * show to clients: it never carries upstream error text or internal addresses. No stack trace is
 * captured: these are expected outcomes on the request path, not bugs.
 */
public final class GatewayException extends RuntimeException {
  private final ErrorCode code;
  private final Map<String, String> headers;
  private final JsonObject members;

  public GatewayException(ErrorCode code, String detail) {
    this(code, detail, Map.of());
  }

  /** @param headers sent with the problem response, e.g. {@code Retry-After} or {@code WWW-Authenticate} */
  public GatewayException(ErrorCode code, String detail, Map<String, String> headers) {
    this(code, detail, headers, null);
  }

  /** @param members extra members of the problem body, e.g. {@code errors}; {@code null} = none */
  public GatewayException(ErrorCode code, String detail, Map<String, String> headers, JsonObject members) {
    super(detail, null, false, false);
    this.code = code;
    this.headers = Map.copyOf(headers);
    this.members = members;
  }

  /** Extra members of the problem body, or {@code null}. */
  public JsonObject members() {
    return members;
  }

  /** Response headers that belong to this problem. */
  public Map<String, String> headers() {
    return headers;
  }

  public ErrorCode code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }
}
