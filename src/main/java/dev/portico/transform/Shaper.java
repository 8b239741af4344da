package dev.portico.transform;

import dev.portico.config.ShapeConfig;
import dev.portico.pipeline.Exchange;
import dev.portico.security.Identity;
import java.util.Map;

/**
 * A route's views (Backend for Frontend) and the rule that picks one for a request: a header
 * (default {@code X-Client}), a path prefix, or the consumer. No view or an unknown one means the full result.
 */
public final class Shaper {
  private final ShapeConfig config;
  private final Map<String, JsonView> views;

  private Shaper(ShapeConfig config) {
    this.config = config;
    this.views = JsonView.all(config.views());
  }

  /** Null when the route has no shape. */
  public static Shaper of(ShapeConfig config) {
    return config == null ? null : new Shaper(config);
  }

  /** The view this request asked for, or null for the full result. */
  public JsonView viewFor(Exchange exchange) {
    String name = switch (config.selector().source()) {
      case HEADER -> exchange.request().getHeader(config.selector().header());
      case PATH_PREFIX -> byPrefix(exchange.path());
      case CONSUMER -> {
        Identity identity = exchange.get(Identity.KEY);
        yield identity == null ? null
            : config.selector().mapping().get(identity.consumer() != null ? identity.consumer() : identity.subject());
      }
    };
    return name == null ? null : views.get(name);
  }

  private String byPrefix(String path) {
    for (Map.Entry<String, String> e : config.selector().mapping().entrySet()) {
      if (path.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The largest proxied JSON body buffered to be shaped. */
  public long maxBodySize() {
    return config.maxBodySize();
  }
}
