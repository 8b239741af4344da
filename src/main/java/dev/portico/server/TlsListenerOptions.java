package dev.portico.server;

import dev.portico.config.ListenConfig;
import dev.portico.config.TlsCertificateConfig;
import dev.portico.config.TlsConfig;
import dev.portico.tls.PemFiles;
import dev.portico.tls.PemFiles.CertifiedKey;
import dev.portico.tls.TlsEngine;
import dev.portico.tls.TlsPolicy;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on the listener: the {@code listen.tls} config with its certificate files read, as Vert.x
 * options. TLS 1.2 and 1.3 with {@link TlsPolicy}'s cipher suites, ALPN offering h2 (unless
 * {@code listen.http2} is false) and http/1.1, the certificate chosen by SNI, and the client CA when
 * client certificates are asked for. Reading the files blocks: {@link #load} runs at boot,
 * {@link #read} on a worker.
 */
public final class TlsListenerOptions {
  private static final Logger log = LoggerFactory.getLogger(TlsListenerOptions.class);

  private final ListenConfig listen;
  private final TlsConfig tls;
  private final TlsEngine engine;
  private final Loaded initial;

  /** One reading of the files: the options built from them, and the files' stamp taken before reading. */
  record Loaded(String stamp, ServerSSLOptions options, String summary) {}

  private TlsListenerOptions(ListenConfig listen, TlsEngine engine) throws IOException {
    this.listen = listen;
    this.tls = listen.tls();
    this.engine = engine;
    this.initial = read();
  }

  /**
   * Reads the certificate files and logs what the listener will serve.
   *
   * @throws IOException or {@link IllegalArgumentException} naming the file that cannot be used
   */
  public static TlsListenerOptions load(ListenConfig listen) throws IOException {
    TlsListenerOptions options = new TlsListenerOptions(listen, TlsEngine.current());
    log.info("TLS on the listener with {}: {}, ALPN {}, client certificates: {}", options.engine.describe(),
        String.join(" and ", TlsPolicy.protocols(options.tls.minVersion().protocolName())),
        listen.http2() ? "h2 and http/1.1" : "http/1.1", options.tls.clientAuth());
    log.info("TLS certificates: {}", options.initial.summary());
    return options;
  }

  TlsConfig config() {
    return tls;
  }

  Loaded initial() {
    return initial;
  }

  /** The certificate, key and client CA files, for change detection. */
  List<Path> files() {
    List<Path> files = new ArrayList<>();
    for (TlsCertificateConfig c : tls.certificates()) {
      files.add(c.certFile());
      files.add(c.keyFile());
    }
    if (tls.clientCa() != null) {
      files.add(tls.clientCa());
    }
    return files;
  }

  /**
   * Reads and checks every file again (parse, key matches certificate, one certificate per name).
   * Blocking.
   *
   * @throws IOException or {@link IllegalArgumentException} naming the file that cannot be used
   */
  Loaded read() throws IOException {
    String stamp = FileStamps.of(files());
    List<CertifiedKey> certificates = new ArrayList<>();
    for (TlsCertificateConfig c : tls.certificates()) {
      certificates.add(PemFiles.certifiedKey(c.certFile(), c.keyFile()));
    }
    SniCertificates keyCerts = SniCertificates.of(certificates, engine);
    TrustManagerFactory clientCaTrust = tls.clientCa() == null ? null
        : PemFiles.trustManagerFactory(PemFiles.certificates(tls.clientCa()));
    for (int i = 0; i < certificates.size(); i++) {
      try {
        engine.check(false, keyCerts.factories().get(i), clientCaTrust);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(tls.certificates().get(i).certFile() + " " + e.getMessage(), e);
      }
    }
    TrustOptions clientCa = clientCaTrust == null ? null : TrustOptions.wrap(clientCaTrust);

    ServerSSLOptions options = new ServerSSLOptions()
        .setKeyCertOptions(keyCerts)
        .setTrustOptions(clientCa)
        .setClientAuth(switch (tls.clientAuth()) {
          case NONE -> ClientAuth.NONE;
          case REQUEST -> ClientAuth.REQUEST;
          case REQUIRE -> ClientAuth.REQUIRED;
        })
        // The SNI handler only pays off with a choice to make.
        .setSni(certificates.size() > 1)
        .setUseAlpn(true)
        .setEnabledSecureTransportProtocols(TlsPolicy.protocols(tls.minVersion().protocolName()))
        // A handshake is part of a new connection's first request: the same slowloris bound.
        .setSslHandshakeTimeout(listen.requestHeaderTimeout().toMillis())
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    TlsPolicy.CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return new Loaded(stamp, options, summary(certificates));
  }

  /** Copies the TLS settings onto the listener's options; cleartext h2c is off on a TLS port. */
  void applyTo(HttpServerOptions server) {
    ServerSSLOptions ssl = initial.options();
    server.setSsl(true)
        .setSslEngineOptions(engine.options())
        .setUseAlpn(true)
        .setAlpnVersions(listen.http2() ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)
            : List.of(HttpVersion.HTTP_1_1))
        .setHttp2ClearTextEnabled(false)
        .setKeyCertOptions(ssl.getKeyCertOptions())
        .setTrustOptions(ssl.getTrustOptions())
        .setClientAuth(ssl.getClientAuth())
        .setSni(ssl.isSni())
        .setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols())
        .setSslHandshakeTimeout(ssl.getSslHandshakeTimeout())
        .setSslHandshakeTimeoutUnit(ssl.getSslHandshakeTimeoutUnit());
    ssl.getEnabledCipherSuites().forEach(server::addEnabledCipherSuite);
  }

  /** For the log: each certificate's names and expiry, warning about any outside its validity. */
  private static String summary(List<CertifiedKey> certificates) {
    Instant now = Instant.now();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < certificates.size(); i++) {
      X509Certificate leaf = certificates.get(i).leaf();
      List<String> names = certificates.get(i).dnsNames();
      String shown = (names.isEmpty() ? leaf.getSubjectX500Principal().getName() : String.join(", ", names))
          + (i == 0 && certificates.size() > 1 ? " (default)" : "") + " until " + leaf.getNotAfter().toInstant();
      if (leaf.getNotAfter().toInstant().isBefore(now)) {
        log.warn("TLS certificate for {} expired on {}", shown, leaf.getNotAfter().toInstant());
      } else if (leaf.getNotBefore().toInstant().isAfter(now)) {
        log.warn("TLS certificate for {} is not valid before {}", shown, leaf.getNotBefore().toInstant());
      }
      parts.add(shown);
    }
    return String.join("; ", parts);
  }
}
