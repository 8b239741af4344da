package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.testing.TestCertificates;
import dev.portico.testing.TestCertificates.Issued;
import dev.portico.tls.PemFiles;
import dev.portico.tls.PemFiles.CertifiedKey;
import dev.portico.tls.TlsEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SniCertificatesTest {
  @TempDir
  static Path dir;
  static TestCertificates ca;

  @BeforeAll
  static void authority() {
    ca = TestCertificates.authority(dir, "sni-ca");
  }

  @Test
  void exactNameWins_thenOneLabelWildcard_elseTheFirst() throws Exception {
    SniCertificates certificates = SniCertificates.of(List.of(
        key(ca.server("default.test")), key(ca.server("api.shop.test")), key(ca.server("*.shop.test"))),
        TlsEngine.JDK);
    List<javax.net.ssl.KeyManagerFactory> factories = certificates.factories();

    assertThat(certificates.forServerName("API.Shop.Test")).isSameAs(factories.get(1));
    assertThat(certificates.forServerName("www.shop.test")).isSameAs(factories.get(2));
    assertThat(certificates.forServerName("a.b.shop.test")).isNull();
    assertThat(certificates.forServerName("shop.test")).isNull();
    assertThat(certificates.getKeyManagerFactory(null)).isSameAs(factories.get(0));
  }

  @Test
  void twoCertificatesNamingOneHost_areRefused() throws Exception {
    List<CertifiedKey> keys = List.of(key(ca.server("a.test")), key(ca.server("b.test", "a.test")));

    assertThatThrownBy(() -> SniCertificates.of(keys, TlsEngine.OPENSSL))
        .hasMessage("certificates 1 and 2 both name a.test (expected: each DNS name in one certificate)");
  }

  @Test
  void copyIsTheSameInstance_soVertxCachesItsContextsPerLoad() throws Exception {
    SniCertificates certificates = SniCertificates.of(List.of(key(ca.server("a.test"))), TlsEngine.OPENSSL);

    assertThat(certificates.copy()).isSameAs(certificates);
  }

  private static CertifiedKey key(Issued issued) throws Exception {
    return PemFiles.certifiedKey(issued.certFile(), issued.keyFile());
  }
}
