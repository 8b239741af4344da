package dev.portico.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.spi.tls.SslContextFactory;
import java.util.LinkedHashSet;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS implementation: OpenSSL (Netty's statically linked BoringSSL) when its native library
 * loads, which costs a fraction of JDK TLS per handshake and per byte, and JDK TLS otherwise. The
 * system property {@code portico.tls.engine} ({@code auto}, {@code openssl}, {@code jdk}) forces one,
 * for example JDK TLS where a FIPS-certified JCE provider is required.
 */
public enum TlsEngine {
  OPENSSL,
  JDK;

  public static final String PROPERTY = "portico.tls.engine";

  /** Read on each call, so a listener or client created later sees a changed property. */
  public static TlsEngine current() {
    String forced = System.getProperty(PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
    return switch (forced) {
      case "jdk" -> JDK;
      case "openssl" -> {
        if (!OpenSsl.isAvailable()) {
          throw new IllegalStateException("-D" + PROPERTY + "=openssl but OpenSSL is unavailable: "
              + OpenSsl.unavailabilityCause());
        }
        yield OPENSSL;
      }
      default -> OpenSsl.isAvailable() ? OPENSSL : JDK;
    };
  }

  public SSLEngineOptions options() {
    return this == OPENSSL ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
  }

  /**
   * The key manager for a certificate. With OpenSSL it caches the key and chain converted for
   * BoringSSL: without that, Netty converts them again on every handshake.
   */
  public KeyManagerFactory keyManagerFactory(PemFiles.CertifiedKey certifiedKey) {
    KeyManagerFactory factory = PemFiles.keyManagerFactory(certifiedKey);
    return this == OPENSSL ? new OpenSslCachingX509KeyManagerFactory(factory) : factory;
  }

  /**
   * Builds a TLS context from this material with this engine, and frees it. Checks that the engine
   * accepts the keys and suites, and pays the engine's one-time initialisation (which reads the
   * JVM's trust store and can take seconds) here, off the event loops, before a listener or an
   * upstream client builds its own contexts on an event loop.
   *
   * @param keys  {@code null} for a client without a certificate
   * @param trust {@code null} for a server that does not verify clients
   * @throws IllegalArgumentException with the engine's reason
   */
  public void check(boolean client, KeyManagerFactory keys, TrustManagerFactory trust) {
    SslContextFactory factory = options().sslContextFactory()
        .forClient(client)
        .useAlpn(false)
        .enabledCipherSuites(new LinkedHashSet<>(TlsPolicy.CIPHER_SUITES));
    if (keys != null) {
      factory.keyMananagerFactory(keys);
    }
    if (trust != null) {
      factory.trustManagerFactory(trust);
    }
    try {
      ReferenceCountUtil.release(factory.create());
    } catch (SSLException | RuntimeException e) {
      throw new IllegalArgumentException("cannot be used by " + describe() + ": " + e.getMessage(), e);
    }
  }

  /** For the startup log: which library, and why not OpenSSL when it is not used. */
  public String describe() {
    if (this == OPENSSL) {
      return "OpenSSL (" + OpenSsl.versionString() + ")";
    }
    Throwable cause = OpenSsl.unavailabilityCause();
    return "JDK TLS (" + (cause == null ? "forced by -D" + PROPERTY : "OpenSSL unavailable: " + cause) + ")";
  }
}
