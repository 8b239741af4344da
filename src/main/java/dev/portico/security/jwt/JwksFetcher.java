package dev.portico.security.jwt;

import io.vertx.core.Future;
import java.net.URI;

/** Fetches a JWKS document; never blocks, and always completes within its own deadline. */
interface JwksFetcher {
  Future<JwksDocument> fetch(URI uri);
}
