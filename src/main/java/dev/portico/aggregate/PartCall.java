package dev.portico.aggregate;

import dev.portico.upstream.Upstream;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;

/**
 * One compiled call of an aggregate.
 *
 * @param timeoutMillis the call's own timeout (the upstream's when not configured); the route's deadline caps it
 * @param needs         the calls whose results its templates use
 * @param forEach       {@code null}, or the list the call fans out over, {@code concurrency} at a time
 */
record PartCall(String name, Upstream upstream, HttpMethod method, Template path, Map<String, Template> query,
    Map<String, Template> headers, long timeoutMillis, boolean required, long maxBodySize, List<String> needs,
    Template forEach, int concurrency) {}
