package dev.portico.config;

import java.nio.file.Path;

/**
 * TLS towards the targets of an {@code https://} upstream.
 *
 * @param caFile         PEM CA certificates the upstream's certificate must chain to; {@code null} =
 *                       the JVM's default trust store
 * @param certFile       PEM client certificate chain for mutual TLS, set together with {@code keyFile}
 * @param serverName     the name sent as SNI and verified in the upstream's certificate; {@code null}
 *                       = each target's host
 * @param verifyHostname whether the upstream's certificate must be valid for that name
 */
public record UpstreamTlsConfig(Path caFile, Path certFile, Path keyFile, String serverName,
    boolean verifyHostname) {

  public UpstreamTlsConfig {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("certFile and keyFile (expected: both or neither)");
    }
  }

  /** TLS with the defaults: JVM trust store, target host as SNI and verified name, no client certificate. */
  public static UpstreamTlsConfig ofDefault() {
    return new UpstreamTlsConfig(null, null, null, null, true);
  }
}
