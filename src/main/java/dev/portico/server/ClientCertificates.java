package dev.portico.server;

import io.vertx.core.http.HttpConnection;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * The client certificate a connection's TLS handshake verified. A Portico listener asks for client
 * certificates only with {@code listen.tls.clientAuth} {@code request} or {@code require}, and then
 * always verifies them against {@code listen.tls.clientCa}: a client presenting a certificate that
 * does not chain to it fails the handshake, with either TLS engine. So a certificate seen here has
 * been verified; with {@code request}, a client that presented none has an empty chain.
 */
public final class ClientCertificates {
  private ClientCertificates() {}

  /** The verified chain, client certificate first; empty for cleartext or when the client sent none. */
  public static List<X509Certificate> verifiedChain(HttpConnection connection) {
    if (connection == null || !connection.isSsl()) {
      return List.of();
    }
    List<Certificate> certificates;
    try {
      certificates = connection.peerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
    if (certificates == null) {
      return List.of();
    }
    List<X509Certificate> chain = new ArrayList<>(certificates.size());
    for (Certificate certificate : certificates) {
      if (!(certificate instanceof X509Certificate x509)) {
        return List.of();
      }
      chain.add(x509);
    }
    return List.copyOf(chain);
  }

  /**
   * The verified client certificate's subject as an RFC 2253 distinguished name (for example
   * {@code CN=billing,O=Example}), or {@code null} for cleartext or when the client sent none.
   */
  public static String verifiedSubject(HttpConnection connection) {
    List<X509Certificate> chain = verifiedChain(connection);
    return chain.isEmpty() ? null : chain.get(0).getSubjectX500Principal().getName(X500Principal.RFC2253);
  }
}
