package dev.portico.pipeline;

import dev.portico.error.ErrorCode;
import dev.portico.runtime.Route;
import dev.portico.upstream.UpstreamClients;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One request's journey through the gateway: the client request and response, what the router
 * decided, and what the handler observed for the access log. Confined to one event loop.
 */
public final class Exchange {
  private final HttpServerRequest request;
  private final String requestId;
  private final String peerIp;
  private final String clientIp;
  private final boolean peerTrusted;
  private final String path;
  private final long startNanos;
  private final UpstreamClients upstreamClients;
  private Route route;
  private Map<String, String> pathParams = Map.of();
  private String upstreamTarget;
  private long upstreamNanos = -1;
  private ErrorCode errorCode;
  private Map<AttributeKey<?>, Object> attributes;

  public Exchange(HttpServerRequest request, String requestId, String peerIp, String clientIp,
      boolean peerTrusted, String path, long startNanos, UpstreamClients upstreamClients) {
    this.request = request;
    this.requestId = requestId;
    this.peerIp = peerIp;
    this.clientIp = clientIp;
    this.peerTrusted = peerTrusted;
    this.path = path;
    this.startNanos = startNanos;
    this.upstreamClients = upstreamClients;
  }

  /** Whether the connected peer is a trusted proxy whose forwarding headers we may believe. */
  public boolean peerTrusted() {
    return peerTrusted;
  }

  /** The Vert.x instance, for timers on this exchange's event loop. */
  public io.vertx.core.Vertx vertx() {
    return upstreamClients.vertx();
  }

  /** The upstream clients of the event loop this exchange runs on. */
  public UpstreamClients upstreamClients() {
    return upstreamClients;
  }

  public HttpServerRequest request() {
    return request;
  }

  public HttpServerResponse response() {
    return request.response();
  }

  public String requestId() {
    return requestId;
  }

  /** The address of the connected peer (a client or a proxy in front of us). */
  public String peerIp() {
    return peerIp;
  }

  /** The client's address: the peer, or the first untrusted hop when the peer is a trusted proxy. */
  public String clientIp() {
    return clientIp;
  }

  /** The normalised request path, without query. */
  public String path() {
    return path;
  }

  public long startNanos() {
    return startNanos;
  }

  public Route route() {
    return route;
  }

  public Map<String, String> pathParams() {
    return pathParams;
  }

  public void routed(Route route, Map<String, String> pathParams) {
    this.route = route;
    this.pathParams = pathParams;
  }

  public String upstreamTarget() {
    return upstreamTarget;
  }

  public void upstreamTarget(String target) {
    this.upstreamTarget = target;
  }

  /** Time spent on the upstream call in nanoseconds, or -1 if none was made. */
  public long upstreamNanos() {
    return upstreamNanos;
  }

  public void upstreamNanos(long nanos) {
    this.upstreamNanos = nanos;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public void errorCode(ErrorCode code) {
    this.errorCode = code;
  }

  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    return attributes == null ? null : (T) attributes.get(key);
  }

  public <T> void set(AttributeKey<T> key, T value) {
    if (attributes == null) {
      attributes = new IdentityHashMap<>(4);
    }
    attributes.put(key, value);
  }
}
