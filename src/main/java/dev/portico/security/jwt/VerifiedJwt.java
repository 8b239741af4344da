package dev.portico.security.jwt;

import java.time.Instant;
import java.util.Map;

/**
 * A token whose signature and registered claims have been checked.
 *
 * @param issuer    the configured issuer name (the YAML key under {@code auth.jwt}), not the {@code iss} value
 * @param subject   {@code sub}, or {@code null} if absent
 * @param jwtId     {@code jti}, or {@code null} if absent
 * @param issuedAt  {@code iat}, or {@code null} if absent
 * @param expiresAt {@code exp}, or {@code null} if absent
 * @param claims    all claims, as Nimbus's JSON-compatible values
 */
public record VerifiedJwt(String issuer, String subject, String jwtId, Instant issuedAt, Instant expiresAt,
    Map<String, Object> claims) {}
