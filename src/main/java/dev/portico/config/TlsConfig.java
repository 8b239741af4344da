package dev.portico.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * TLS on the client-facing listener. When set, {@code listen.port} speaks TLS only: there is no
 * cleartext port beside it, so no request can reach a route without the listener's TLS (and
 * client-certificate) checks.
 *
 * @param certificates   served by SNI: the certificate whose DNS names match the name the client
 *                       asked for; the first one when it names none of them or sends no SNI
 * @param clientCa       CA certificates a client certificate must chain to; set exactly when
 *                       {@code clientAuth} is not {@link TlsClientAuth#NONE}
 * @param reloadInterval how often the files are checked for changes; zero = never
 */
public record TlsConfig(List<TlsCertificateConfig> certificates, TlsClientAuth clientAuth, Path clientCa,
    TlsVersion minVersion, Duration reloadInterval) {

  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

  public TlsConfig {
    certificates = List.copyOf(certificates);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("certificates: [] (expected: at least one certificate)");
    }
    Objects.requireNonNull(clientAuth, "clientAuth");
    if ((clientAuth != TlsClientAuth.NONE) != (clientCa != null)) {
      throw new IllegalArgumentException("clientCa: " + clientCa + " (expected: set exactly when clientAuth is "
          + "request or require)");
    }
    Objects.requireNonNull(minVersion, "minVersion");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
  }
}
