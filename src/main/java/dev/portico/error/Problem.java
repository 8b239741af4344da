package dev.portico.error;

import io.vertx.core.json.JsonObject;

/** An RFC 9457 problem body, with Portico's {@code code} and {@code requestId} extension members. */
public record Problem(ErrorCode code, String detail, String instance, String requestId) {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://portico.dev/problems/";

  public String toJson() {
    JsonObject json = new JsonObject()
        .put("type", TYPE_BASE + code.code())
        .put("title", code.title())
        .put("status", code.status())
        .put("detail", detail)
        .put("instance", instance)
        .put("code", code.code());
    if (requestId != null) {
      json.put("requestId", requestId);
    }
    return json.encode();
  }
}
