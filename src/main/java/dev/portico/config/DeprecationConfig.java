package dev.portico.config;

import java.net.URI;
import java.time.Instant;

/**
 * A deprecated route ({@code deprecated}): its answers carry {@code Deprecation} (RFC 9745), {@code Sunset}
 * (RFC 8594) and a {@code Link} to the migration notes.
 *
 * @param since  when the route was deprecated; {@code null} = {@code Deprecation: true}
 * @param sunset when the route stops answering; {@code null} = not announced
 * @param link   where clients read about it; {@code null} = none
 */
public record DeprecationConfig(Instant since, Instant sunset, URI link) {}
