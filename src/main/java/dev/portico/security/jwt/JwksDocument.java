package dev.portico.security.jwt;

import java.time.Duration;

/**
 * A JWKS as fetched.
 *
 * @param body   the JSON text
 * @param maxAge the response's Cache-Control max-age, or {@code null} if it had none
 */
record JwksDocument(String body, Duration maxAge) {}
