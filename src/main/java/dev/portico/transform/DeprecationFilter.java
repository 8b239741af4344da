package dev.portico.transform;

import dev.portico.config.DeprecationConfig;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import io.vertx.core.Future;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Marks a deprecated route's proxied answers: {@code Deprecation} (RFC 9745, {@code @epoch-seconds}),
 * {@code Sunset} (RFC 8594, an HTTP-date) and {@code Link: <...>; rel="deprecation"}. The values are
 * rendered once per config.
 */
public final class DeprecationFilter implements Filter {
  @Override
  public String name() {
    return "deprecated";
  }

  private final String deprecation;
  private final String sunset;
  private final String link;

  private DeprecationFilter(DeprecationConfig config) {
    this.deprecation = config.since() == null ? "true" : "@" + config.since().getEpochSecond();
    this.sunset = config.sunset() == null ? null
        : DateTimeFormatter.RFC_1123_DATE_TIME.format(config.sunset().atOffset(ZoneOffset.UTC));
    this.link = config.link() == null ? null : "<" + config.link() + ">; rel=\"deprecation\"";
  }

  public static DeprecationFilter of(DeprecationConfig config) {
    return config == null ? null : new DeprecationFilter(config);
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    UpstreamEdits.of(exchange).onResponseHeaders(headers -> {
      headers.set("Deprecation", deprecation);
      if (sunset != null) {
        headers.set("Sunset", sunset);
      }
      if (link != null) {
        headers.add("Link", link);
      }
    });
    return chain.next(exchange);
  }
}
