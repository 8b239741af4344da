package dev.portico.server;

import dev.portico.routing.RequestView;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.List;
import java.util.Locale;

/** The router's view of a client request; the path is the normalised one. */
final class RoutingRequest implements RequestView {
  private final HttpServerRequest request;
  private final String path;
  private final String method;

  RoutingRequest(HttpServerRequest request, String path) {
    this(request, path, request.method().name());
  }

  /** Routed as if its method were {@code method}: a CORS preflight, as the request it announces. */
  RoutingRequest(HttpServerRequest request, String path, String method) {
    this.request = request;
    this.path = path;
    this.method = method;
  }

  @Override
  public String host() {
    HostAndPort authority = request.authority();
    return authority == null ? "" : authority.host().toLowerCase(Locale.ROOT);
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public String joinedHeader(String name) {
    List<String> lines = request.headers().getAll(name);
    return lines.isEmpty() ? null : lines.size() == 1 ? lines.get(0) : String.join(", ", lines);
  }

  @Override
  public String queryParam(String name) {
    return request.getParam(name);
  }
}
