package dev.portico.runtime;

import dev.portico.config.RouteConfig;
import dev.portico.observe.RouteMeters;
import dev.portico.pipeline.Chain;
import dev.portico.proxy.IdentityHeaders;
import dev.portico.proxy.PathRewriter;
import dev.portico.transform.Shaper;
import dev.portico.upstream.Upstream;

/**
 * A compiled route: everything the request path needs, resolved once per config.
 *
 * @param identityHeaders the snapshot's identity headers (one instance shared by every route)
 * @param shaper          the route's views, or {@code null} when its answers pass unshaped
 */
public record Route(
    String id,
    RouteConfig config,
    Upstream upstream,
    PathRewriter rewriter,
    long maxBodySize,
    long timeoutMillis,
    boolean preserveHost,
    Chain chain,
    RouteMeters meters,
    IdentityHeaders identityHeaders,
    Shaper shaper) {}
