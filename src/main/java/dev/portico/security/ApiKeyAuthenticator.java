package dev.portico.security;

import dev.portico.pipeline.Exchange;

/**
 * Authenticates a request by the API key it presents (header, or query parameter where allowed).
 * Implemented by the consumer directory: keys are stored as hashes and compared in constant time.
 */
public interface ApiKeyAuthenticator {

  /**
   * Returns the identity of the consumer owning the presented key, or {@code null} if the request
   * presents no key. Throws {@link dev.portico.error.GatewayException} with {@code UNAUTHENTICATED}
   * for an unknown key or a request with several keys.
   *
   * @param queryAllowed whether this route lets the key come from the query parameter
   */
  Identity authenticate(Exchange exchange, boolean queryAllowed);
}
