package dev.portico.tls;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.util.Locale;

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

  /** For the startup log: which library, and why not OpenSSL when it is not used. */
  public String describe() {
    if (this == OPENSSL) {
      return "OpenSSL (" + OpenSsl.versionString() + ")";
    }
    Throwable cause = OpenSsl.unavailabilityCause();
    return "JDK TLS (" + (cause == null ? "forced by -D" + PROPERTY : "OpenSSL unavailable: " + cause) + ")";
  }
}
