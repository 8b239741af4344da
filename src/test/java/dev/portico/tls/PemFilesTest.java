package dev.portico.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.testing.TestCertificates;
import dev.portico.testing.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
  @TempDir
  static Path dir;
  static TestCertificates ca;

  @BeforeAll
  static void authority() {
    ca = TestCertificates.authority(dir, "pem-ca");
  }

  @Test
  void pkcs8EcKey_matchesItsCertificate() throws Exception {
    Issued issued = ca.server("a.test");
    assertThat(Files.readString(issued.keyFile())).startsWith("-----BEGIN PRIVATE KEY-----");

    PemFiles.CertifiedKey key = PemFiles.certifiedKey(issued.certFile(), issued.keyFile());

    assertThat(key.leaf()).isEqualTo(issued.certificate());
    assertThat(key.key().getEncoded()).isEqualTo(issued.keys().getPrivate().getEncoded());
  }

  @Test
  void traditionalRsaAndEcKeys_parse() throws Exception {
    for (KeyPair keys : List.of(TestCertificates.rsaKeys(), TestCertificates.ecKeys())) {
      Issued issued = issue("legacy.test", keys);
      Path traditional = dir.resolve("traditional-" + keys.getPrivate().getAlgorithm() + ".key");
      if (keys.getPrivate().getAlgorithm().equals("RSA")) {
        TestCertificates.writePem(traditional, keys.getPrivate());
      } else {
        TestCertificates.writeSec1(traditional, keys);
      }
      assertThat(Files.readString(traditional))
          .startsWith(keys.getPrivate().getAlgorithm().equals("RSA") ? "-----BEGIN RSA PRIVATE KEY-----"
              : "-----BEGIN EC PRIVATE KEY-----");

      PemFiles.CertifiedKey key = PemFiles.certifiedKey(issued.certFile(), traditional);

      assertThat(key.key().getAlgorithm()).isEqualTo(keys.getPrivate().getAlgorithm());
    }
  }

  @Test
  void keyOfAnotherCertificate_isRefused() {
    Issued a = ca.server("a.test");
    Issued b = ca.server("b.test");

    assertThatThrownBy(() -> PemFiles.certifiedKey(a.certFile(), b.keyFile()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(b.keyFile() + " is not the private key of the certificate CN=a.test,O=Portico Tests"
            + " (expected: the key the certificate was issued for)");
  }

  @Test
  void rsaKeyForAnEcCertificate_isRefusedAsNotItsKey() throws Exception {
    Issued ec = ca.server("ec.test");
    Path rsaKey = dir.resolve("other-rsa.key");
    TestCertificates.writePkcs8(rsaKey, TestCertificates.rsaKeys().getPrivate());

    assertThatThrownBy(() -> PemFiles.certifiedKey(ec.certFile(), rsaKey))
        .hasMessageContaining("is not the private key of the certificate CN=ec.test");
  }

  @Test
  void encryptedKey_isRefusedWithTheReason() throws Exception {
    Issued a = ca.server("a.test");
    Path encrypted = dir.resolve("encrypted.key");
    Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PemFiles.certifiedKey(a.certFile(), encrypted))
        .hasMessage(encrypted + " is an encrypted private key (expected: an unencrypted PEM private key readable"
            + " only by the gateway's user)");
  }

  @Test
  void certificateFileHoldingOnlyAKey_saysWhatItHolds() {
    Issued a = ca.server("a.test");

    assertThatThrownBy(() -> PemFiles.certifiedKey(a.keyFile(), a.keyFile()))
        .hasMessage(a.keyFile() + " has no certificate, only PRIVATE KEY"
            + " (expected: a PEM file with -----BEGIN CERTIFICATE-----)");
  }

  @Test
  void textWithoutPem_hasNoPemBlock() {
    assertThatThrownBy(() -> PemFiles.certificates("hello".getBytes()))
        .hasMessage("has no PEM block (expected: a PEM file with -----BEGIN CERTIFICATE-----)");
  }

  @Test
  void corruptCertificate_saysWhichOne() {
    String pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> PemFiles.certificates(pem.getBytes()))
        .hasMessageStartingWith("certificate 1 does not parse (");
  }

  @Test
  void chainKeepsFileOrder_leafFirst() throws Exception {
    Issued leaf = ca.server("chain.test");
    Path chain = dir.resolve("chain.pem");
    TestCertificates.writePem(chain, leaf.certificate(), ca.certificate());

    assertThat(PemFiles.certifiedKey(chain, leaf.keyFile()).chain())
        .containsExactly(leaf.certificate(), ca.certificate());
  }

  @Test
  void dnsNames_areTheDnsAlternativeNamesLowerCased() {
    Issued issued = ca.server("API.Example.test", "*.example.test", "127.0.0.1");

    assertThat(PemFiles.dnsNames(issued.certificate())).containsExactly("api.example.test", "*.example.test");
  }

  @Test
  void missingFile_isAnIoErrorDescribedPlainly() {
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(() -> PemFiles.read(missing))
        .isInstanceOfSatisfying(java.io.IOException.class,
            e -> assertThat(PemFiles.describe(e)).isEqualTo("no such file"));
  }

  private static Issued issue(String name, KeyPair keys) {
    return ca.issue(name, List.of(name), TestCertificates.Usage.SERVER, keys, Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)));
  }
}
