package dev.portico.security;

import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import java.util.Map;

/**
 * The refusals of one route's {@link AuthFilter}, each a problem with the RFC 6750 {@code WWW-Authenticate}
 * challenge that says what to do: no credential (the route's schemes, no error code), a bad bearer token
 * ({@code invalid_token}), a malformed request ({@code invalid_request}, 400), missing scopes
 * ({@code insufficient_scope}, 403).
 */
final class AuthFailures {
  static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  static final String BEARER = "Bearer realm=\"portico\"";
  static final String API_KEY = "ApiKey realm=\"portico\"";

  private final Map<String, String> challenge;

  /** @param bearer whether the route accepts bearer tokens; @param apiKey whether it accepts API keys */
  AuthFailures(boolean bearer, boolean apiKey) {
    String schemes = bearer && apiKey ? BEARER + ", " + API_KEY : bearer ? BEARER : apiKey ? API_KEY : null;
    // A route authenticated by client certificate alone has no HTTP scheme to name.
    this.challenge = schemes == null ? Map.of() : Map.of(WWW_AUTHENTICATE, schemes);
  }

  GatewayException missing() {
    return new GatewayException(ErrorCode.UNAUTHENTICATED, "This route requires authentication.", challenge);
  }

  GatewayException invalidToken(String detail) {
    return new GatewayException(ErrorCode.UNAUTHENTICATED, detail,
        Map.of(WWW_AUTHENTICATE, bearer("invalid_token", detail)));
  }

  GatewayException invalidRequest(String detail) {
    return new GatewayException(ErrorCode.BAD_REQUEST, detail,
        Map.of(WWW_AUTHENTICATE, bearer("invalid_request", detail)));
  }

  /** A refused API key keeps the authenticator's detail and gets the route's challenge. */
  GatewayException invalidApiKey(GatewayException refused) {
    return new GatewayException(refused.code(), refused.detail(), challenge);
  }

  GatewayException insufficientScope(String detail, boolean bearer) {
    return new GatewayException(ErrorCode.FORBIDDEN, detail,
        bearer ? Map.of(WWW_AUTHENTICATE, bearer("insufficient_scope", detail)) : Map.of());
  }

  private static String bearer(String error, String description) {
    return BEARER + ", error=\"" + error + "\", error_description=\"" + quotable(description) + "\"";
  }

  /** RFC 6750 allows printable ASCII except the double quote and backslash in error_description. */
  static String quotable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '\'');
    }
    return sb.toString();
  }
}
