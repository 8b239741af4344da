package dev.portico.server;

import dev.portico.tls.TlsEngine;
import org.junit.jupiter.api.Nested;

/** {@link TlsListenerCases} with each TLS engine. */
class TlsListenerIT {
  @Nested
  class WithOpenSsl extends TlsListenerCases {
    WithOpenSsl() {
      super(TlsEngine.OPENSSL);
    }
  }

  @Nested
  class WithJdkTls extends TlsListenerCases {
    WithJdkTls() {
      super(TlsEngine.JDK);
    }
  }
}
