package dev.portico.observe.trace;

import io.opentelemetry.api.common.AttributeKey;

/** Attribute names: OpenTelemetry's HTTP semantic conventions, plus the gateway's own {@code portico.*}. */
final class SpanAttributes {
  static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
  /** The route's path template, never the raw path (which would make every span unique). */
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("portico.route");
  static final AttributeKey<String> UPSTREAM = AttributeKey.stringKey("portico.upstream");
  static final AttributeKey<String> AGGREGATE_CALL = AttributeKey.stringKey("portico.aggregate.call");
  static final AttributeKey<String> CONSUMER = AttributeKey.stringKey("portico.consumer");
  static final AttributeKey<String> TENANT = AttributeKey.stringKey("portico.tenant");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("portico.request_id");

  private SpanAttributes() {}
}
