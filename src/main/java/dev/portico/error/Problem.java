package dev.portico.error;

import io.vertx.core.json.JsonObject;

/** An RFC 9457 problem body, with Portico's {@code code} and {@code requestId} extension members. */
public record Problem(ErrorCode code, String detail, String instance, String requestId, JsonObject members) {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://portico.dev/problems/";

  public Problem(ErrorCode code, String detail, String instance, String requestId) {
    this(code, detail, instance, requestId, null);
  }

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
    if (members != null) {
      members.forEach(m -> json.put(m.getKey(), m.getValue()));
    }
    return json.encode();
  }
}
