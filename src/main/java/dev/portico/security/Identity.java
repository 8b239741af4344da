package dev.portico.security;

import dev.portico.pipeline.AttributeKey;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who a request was verified to come from. Set on the exchange by the authentication filter; read
 * by authorization, identity headers, rate limits (per consumer or tenant) and the access log.
 *
 * @param method   how it was verified: {@code jwt}, {@code apiKey} or {@code mtls}
 * @param subject  the JWT {@code sub}, the consumer id or the certificate subject
 * @param consumer the consumer id, or {@code null} when the caller is not a configured consumer
 * @param tenant   the tenant, or {@code null} when none could be established
 * @param plan     the consumer's plan, or {@code null}
 * @param scopes   granted scopes and roles
 * @param claims   the verified token's claims (empty for API keys)
 */
public record Identity(String method, String subject, String consumer, String tenant, String plan,
    Set<String> scopes, Map<String, Object> claims) {

  public static final AttributeKey<Identity> KEY = AttributeKey.of("identity");

  public Identity {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(subject, "subject");
    scopes = Set.copyOf(scopes);
    claims = Map.copyOf(claims);
  }
}
