package dev.portico.security;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * The subject of the client certificate the TLS listener verified. The listener decides which certificates are
 * trusted; a connection without one, or over plain HTTP, has no subject.
 */
final class ClientCertificates {
  private ClientCertificates() {}

  /** The RFC 2253 subject, e.g. {@code CN=billing,O=Example}, or {@code null}. */
  static String subject(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    if (connection == null || !connection.isSsl()) {
      return null;
    }
    try {
      List<Certificate> chain = connection.peerCertificates();
      if (chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate cert) {
        return cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
      }
    } catch (SSLPeerUnverifiedException e) {
      // no certificate was presented, or it was not verified
    }
    return null;
  }
}
