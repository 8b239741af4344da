package dev.portico.security.cors;

import dev.portico.config.CorsConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import dev.portico.server.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.List;

/**
 * Cross-origin resource sharing for one route's policy. It runs first in the chain: preflights
 * carry no credentials, so they must be answered before authentication.
 *
 * <ul>
 *   <li>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       is answered here with 204 and never forwarded; an origin, method or header the policy does
 *       not allow gets a 403 problem. The dispatcher routes a preflight as the request it
 *       announces, so it finds this filter even on a route that does not accept OPTIONS.</li>
 *   <li>Any other request goes on; just before its response headers are written (whoever writes
 *       them: the upstream relay or a problem), the upstream's own {@code Access-Control-*} headers
 *       are removed and the policy's are set, with {@code Vary: Origin}. A disallowed origin gets
 *       no {@code Access-Control-Allow-Origin}, so the browser withholds the response; the request
 *       still reaches the upstream, as CORS is enforced by browsers, not by servers.</li>
 * </ul>
 */
public final class CorsFilter implements Filter {
  @Override
  public String name() {
    return "cors";
  }

  static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
  static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
  static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
  static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
  static final String MAX_AGE = "Access-Control-Max-Age";
  static final String REQUEST_METHOD = "Access-Control-Request-Method";
  static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
  private static final List<String> RESPONSE_HEADERS =
      List.of(ALLOW_ORIGIN, ALLOW_CREDENTIALS, ALLOW_METHODS, ALLOW_HEADERS, EXPOSE_HEADERS, MAX_AGE);

  private final CorsPolicy policy;

  private CorsFilter(CorsPolicy policy) {
    this.policy = policy;
  }

  /** The filter for a policy, or null when there is none ({@code null} or {@link CorsConfig#DISABLED}). */
  public static CorsFilter of(CorsConfig config) {
    return config == null || !config.enabled() ? null : new CorsFilter(CorsPolicy.of(config));
  }

  /** A CORS preflight: OPTIONS announcing the method of the request the browser wants to send. */
  public static boolean isPreflight(HttpServerRequest request) {
    return request.method() == HttpMethod.OPTIONS && request.getHeader("origin") != null
        && request.getHeader(REQUEST_METHOD) != null;
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    HttpServerRequest request = exchange.request();
    String origin = request.getHeader("origin");
    if (isPreflight(request)) {
      return preflight(exchange, origin);
    }
    HttpServerResponse response = exchange.response();
    String allowed = policy.allowOrigin(origin);
    response.headersEndHandler(v -> actualHeaders(response.headers(), allowed));
    return chain.next(exchange);
  }

  private Future<Void> preflight(Exchange exchange, String origin) {
    HttpServerRequest request = exchange.request();
    String allowed = policy.allowOrigin(origin);
    if (allowed == null) {
      return refuse("The origin is not allowed by this route's CORS policy.");
    }
    String method = request.getHeader(REQUEST_METHOD);
    if (!policy.allowsMethod(method)) {
      return refuse("The method is not allowed by this route's CORS policy.");
    }
    String requestedHeaders = String.join(",", request.headers().getAll(REQUEST_HEADERS));
    if (!policy.allowsHeaders(requestedHeaders)) {
      return refuse("A requested header is not allowed by this route's CORS policy.");
    }
    HttpServerResponse response = exchange.response();
    MultiMap headers = response.headers();
    headers.set(ALLOW_ORIGIN, allowed);
    if (policy.credentials()) {
      headers.set(ALLOW_CREDENTIALS, "true");
    }
    headers.set(ALLOW_METHODS, policy.allowMethods(method));
    String allowHeaders = policy.allowHeaders(requestedHeaders);
    if (allowHeaders != null) {
      headers.set(ALLOW_HEADERS, allowHeaders);
    }
    if (policy.maxAge() != null) {
      headers.set(MAX_AGE, policy.maxAge());
    }
    headers.set("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    headers.set(RequestIds.HEADER, exchange.requestId());
    if (hasBody(request) && request.version() != HttpVersion.HTTP_2) {
      // A preflight has no body; if one was sent, do not leave it to be parsed as a request.
      headers.set("Connection", "close");
      return response.setStatusCode(204).end().onComplete(ar -> request.connection().close());
    }
    request.resume();
    return response.setStatusCode(204).end();
  }

  private static Future<Void> refuse(String detail) {
    return Future.failedFuture(new GatewayException(ErrorCode.FORBIDDEN, detail));
  }

  /** Runs just before the response head is written, whatever wrote it. */
  private void actualHeaders(MultiMap headers, String allowedOrigin) {
    for (String name : RESPONSE_HEADERS) {
      headers.remove(name);
    }
    if (allowedOrigin != null) {
      headers.set(ALLOW_ORIGIN, allowedOrigin);
      if (policy.credentials()) {
        headers.set(ALLOW_CREDENTIALS, "true");
      }
      if (policy.exposeHeaders() != null) {
        headers.set(EXPOSE_HEADERS, policy.exposeHeaders());
      }
    }
    if (policy.variesByOrigin()) {
      addVaryOrigin(headers);
    }
  }

  /** Adds Origin to Vary unless it is there already (or Vary is "*", which covers it). */
  static void addVaryOrigin(MultiMap headers) {
    List<String> vary = headers.getAll("Vary");
    for (String field : vary) {
      for (String token : field.split(",")) {
        String t = token.strip();
        if (t.equals("*") || t.equalsIgnoreCase("origin")) {
          return;
        }
      }
    }
    headers.add("Vary", "Origin");
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("content-length");
    return request.getHeader("transfer-encoding") != null || (length != null && !length.equals("0"));
  }
}
