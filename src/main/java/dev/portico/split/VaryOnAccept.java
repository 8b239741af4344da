package dev.portico.split;

import dev.portico.config.MatchConfig;
import dev.portico.config.RouteConfig;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import dev.portico.transform.UpstreamEdits;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Adds {@code Vary: Accept} to the answers of routes that the router chose, or could have passed over,
 * by a media-type parameter of {@code Accept} (RFC 9110 section 12.5.5): without it a shared cache could
 * serve the default version's answer to a client that asked for version 2. Those are the routes with a
 * {@code match.mediaType} and the routes with the same hosts and path as one of them.
 */
public final class VaryOnAccept implements Filter {
  private static final VaryOnAccept INSTANCE = new VaryOnAccept();

  private VaryOnAccept() {}

  @Override
  public String name() {
    return "varyAccept";
  }

  /** Which routes' answers depend on {@code Accept}; computed once per config. */
  public static final class Negotiated {
    private final Set<String> keys = new HashSet<>();

    public Negotiated(List<RouteConfig> routes) {
      for (RouteConfig rc : routes) {
        if (rc.match().mediaType() != null) {
          keys.add(key(rc.match()));
        }
      }
    }

    /** The filter for the route, or null when its answers do not depend on {@code Accept}. */
    public VaryOnAccept filterFor(RouteConfig rc) {
      return !keys.isEmpty() && keys.contains(key(rc.match())) ? INSTANCE : null;
    }

    private static String key(MatchConfig m) {
      return m.hosts() + " " + m.path();
    }
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    UpstreamEdits.of(exchange).onResponseHeaders(VaryOnAccept::addAccept);
    return chain.next(exchange);
  }

  /** Adds {@code Accept} to {@code Vary} unless the upstream listed it already, or {@code *}. */
  static void addAccept(MultiMap headers) {
    for (String value : headers.getAll("Vary")) {
      for (String token : value.split(",")) {
        String t = token.strip();
        if (t.equalsIgnoreCase("accept") || t.equals("*")) {
          return;
        }
      }
    }
    headers.add("Vary", "Accept");
  }
}
