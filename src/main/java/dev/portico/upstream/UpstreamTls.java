package dev.portico.upstream;

import dev.portico.config.UpstreamTlsConfig;
import dev.portico.tls.PemFiles;
import dev.portico.tls.TlsEngine;
import dev.portico.tls.TlsPolicy;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS part of an https upstream's client: the policy's versions and cipher suites, the CA
 * bundle (or the JVM's trust store), the client certificate for mutual TLS, and hostname
 * verification. Files are read and the engine is chosen when the upstream is built, off the event
 * loops, so creating a client on an event loop reads nothing.
 */
public final class UpstreamTls {
  private final UpstreamTlsConfig config;
  private final TlsEngine engine;
  private final TrustOptions trust;
  private final KeyCertOptions clientCertificate;

  private UpstreamTls(UpstreamTlsConfig config, TlsEngine engine, TrustOptions trust,
      KeyCertOptions clientCertificate) {
    this.config = config;
    this.engine = engine;
    this.trust = trust;
    this.clientCertificate = clientCertificate;
  }

  /**
   * Reads the CA and client certificate files. Blocking.
   *
   * @throws IllegalArgumentException naming a file that cannot be read or used
   */
  public static UpstreamTls load(UpstreamTlsConfig config) {
    try {
      // The JVM's trust store is loaded here too: left to the TLS library, it would be read from
      // disk on an event loop when the first connection is made.
      TrustManagerFactory trust = config.caFile() == null ? jvmTrustStore()
          : PemFiles.trustManagerFactory(PemFiles.certificates(config.caFile()));
      TlsEngine engine = TlsEngine.current();
      KeyManagerFactory clientCertificate = config.certFile() == null ? null
          : engine.keyManagerFactory(PemFiles.certifiedKey(config.certFile(), config.keyFile()));
      engine.check(true, clientCertificate, trust);
      return new UpstreamTls(config, engine, TrustOptions.wrap(trust),
          clientCertificate == null ? null : KeyCertOptions.wrap(clientCertificate));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
    }
  }

  private static TrustManagerFactory jvmTrustStore() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return factory;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot load the JVM's trust store: " + e, e);
    }
  }

  public UpstreamTlsConfig config() {
    return config;
  }

  /** The name sent as SNI and checked in the upstream's certificate, for a target on {@code host}. */
  String serverName(String host) {
    return config.serverName() != null ? config.serverName() : host;
  }

  /** HTTP/1.1 over TLS; the pool Vert.x keeps per target also keys on these settings and the server name. */
  void applyTo(HttpClientOptions options) {
    options.setSsl(true)
        .setSslEngineOptions(engine.options())
        .setUseAlpn(false)
        .setVerifyHost(config.verifyHostname())
        .setEnabledSecureTransportProtocols(TlsPolicy.protocols(TlsPolicy.TLS_1_2));
    TlsPolicy.CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    options.setTrustOptions(trust);
    if (clientCertificate != null) {
      options.setKeyCertOptions(clientCertificate);
    }
  }
}
