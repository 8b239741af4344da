package dev.portico.security;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Finds a route's bearer token: in {@code Authorization: Bearer} always, and in a cookie or query parameter only
 * where the route opted in. A token sent twice (two Authorization headers, two cookies or parameters of the name,
 * or in two places) is refused as a malformed request rather than guessed at, as RFC 6750 §2 asks.
 */
final class BearerTokens {
  private static final String AUTHORIZATION = "authorization";
  private static final String SCHEME = "Bearer";

  private final String cookie;
  private final String query;

  /** @param cookie a cookie name, or {@code null}; @param query a query parameter name, or {@code null} */
  BearerTokens(String cookie, String query) {
    this.cookie = cookie;
    this.query = query;
  }

  /** Thrown for a request that carries its token ambiguously, or in a query string that cannot be decoded. */
  static final class InvalidTokenRequest extends Exception {
    InvalidTokenRequest(String message) {
      super(message, null, false, false);
    }
  }

  /** The token, {@code null} when none is presented (another scheme in Authorization counts as none). */
  String find(HttpServerRequest request) throws InvalidTokenRequest {
    MultiMap headers = request.headers();
    String token = null;
    String authorization = headers.get(AUTHORIZATION);
    if (authorization != null) {
      if (headers.getAll(AUTHORIZATION).size() > 1) {
        throw new InvalidTokenRequest("The request has more than one Authorization header.");
      }
      int n = SCHEME.length();
      if (authorization.regionMatches(true, 0, SCHEME, 0, n)
          && (authorization.length() == n || authorization.charAt(n) == ' ')) {
        token = authorization.substring(n).strip();
      }
    }
    if (cookie != null) {
      token = another(token, cookieValue(headers.getAll("cookie")));
    }
    if (query != null) {
      List<String> values;
      try {
        values = request.params().getAll(query);
      } catch (IllegalArgumentException e) {
        throw new InvalidTokenRequest("The query string is malformed.");
      }
      if (values.size() > 1) {
        throw new InvalidTokenRequest("The token query parameter is given more than once.");
      }
      token = another(token, values.isEmpty() ? null : values.get(0));
    }
    return token;
  }

  private static String another(String found, String next) throws InvalidTokenRequest {
    if (next == null) {
      return found;
    }
    if (found != null) {
      throw new InvalidTokenRequest("The token is sent in more than one place.");
    }
    return next;
  }

  /** Parsed here rather than through a cookie set, which would merge two cookies of the same name. */
  private String cookieValue(List<String> headers) throws InvalidTokenRequest {
    String value = null;
    for (String header : headers) {
      for (String pair : header.split(";")) {
        String p = pair.strip();
        if (p.length() > cookie.length() && p.startsWith(cookie) && p.charAt(cookie.length()) == '=') {
          if (value != null) {
            throw new InvalidTokenRequest("The token cookie is sent more than once.");
          }
          value = p.substring(cookie.length() + 1);
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
        }
      }
    }
    return value;
  }
}
