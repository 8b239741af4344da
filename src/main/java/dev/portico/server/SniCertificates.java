package dev.portico.server;

import dev.portico.tls.PemFiles.CertifiedKey;
import dev.portico.tls.TlsEngine;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;

/**
 * The listener's certificates as Vert.x key material. The certificate served is the one whose DNS
 * names include the name the client sent by SNI (exactly, else by a one-label wildcard such as
 * {@code *.example.com}); the first certificate when none does or the client sent no name.
 *
 * <p>Immutable. Vert.x caches TLS contexts by key material, so each reload builds a new instance and
 * {@link #copy()} returns this one: equal means identical.
 */
final class SniCertificates implements KeyCertOptions {
  private final List<CertifiedKey> certificates;
  private final KeyManagerFactory first;
  private final List<KeyManagerFactory> factories = new java.util.ArrayList<>();
  private final Map<String, KeyManagerFactory> exact = new HashMap<>();
  private final Map<String, KeyManagerFactory> wildcard = new HashMap<>();

  private SniCertificates(List<CertifiedKey> certificates, TlsEngine engine) {
    this.certificates = List.copyOf(certificates);
    this.first = engine.keyManagerFactory(certificates.get(0));
    Map<String, Integer> servedBy = new HashMap<>();
    for (int i = 0; i < certificates.size(); i++) {
      KeyManagerFactory factory = i == 0 ? first : engine.keyManagerFactory(certificates.get(i));
      factories.add(factory);
      for (String name : certificates.get(i).dnsNames()) {
        Integer other = servedBy.putIfAbsent(name, i);
        if (other != null && other != i) {
          throw new IllegalArgumentException("certificates " + (other + 1) + " and " + (i + 1) + " both name "
              + name + " (expected: each DNS name in one certificate)");
        }
        if (name.startsWith("*.")) {
          wildcard.put(name.substring(2), factory);
        } else {
          exact.put(name, factory);
        }
      }
    }
  }

  /** @throws IllegalArgumentException when two certificates carry the same DNS name */
  static SniCertificates of(List<CertifiedKey> certificates, TlsEngine engine) {
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificate");
    }
    return new SniCertificates(certificates, engine);
  }

  List<CertifiedKey> certificates() {
    return certificates;
  }

  /** One per certificate, in order. */
  List<KeyManagerFactory> factories() {
    return List.copyOf(factories);
  }

  /** The key material for an SNI name, or {@code null} for the first certificate. */
  KeyManagerFactory forServerName(String serverName) {
    String name = serverName.toLowerCase(Locale.ROOT);
    KeyManagerFactory factory = exact.get(name);
    if (factory == null) {
      int dot = name.indexOf('.');
      factory = dot > 0 ? wildcard.get(name.substring(dot + 1)) : null;
    }
    return factory;
  }

  @Override
  public KeyCertOptions copy() {
    return this;
  }

  @Override
  public KeyManagerFactory getKeyManagerFactory(Vertx vertx) {
    return first;
  }

  @Override
  public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) {
    return this::forServerName;
  }
}
