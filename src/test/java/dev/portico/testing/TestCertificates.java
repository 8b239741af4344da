package dev.portico.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made by a test, issuing server and client certificates as PEM files in a
 * directory: EC P-256 keys (fast to generate), PKCS#8 key files, SANs for DNS names and IP
 * addresses. Nothing here is fit for anything but tests.
 */
public final class TestCertificates {
  private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate and its key, in memory and as files. */
  public record Issued(Path certFile, Path keyFile, X509Certificate certificate, KeyPair keys) {
    /** RFC 2253 subject, as {@code ClientCertificates.verifiedSubject} reports it. */
    public String subject() {
      return certificate.getSubjectX500Principal().getName();
    }

    /**
     * A client key manager that presents this certificate whatever CAs the server says it accepts.
     * A normal client sends no certificate the server's CA list excludes; this one tests what a
     * server does with a certificate it does not trust.
     */
    public javax.net.ssl.X509ExtendedKeyManager presentedRegardless() {
      X509Certificate[] chain = {certificate};
      return new javax.net.ssl.X509ExtendedKeyManager() {
        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
            javax.net.ssl.SSLEngine engine) {
          return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket s) {
          return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
          return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
          return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket s) {
          return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
          return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
          return keys.getPrivate();
        }
      };
    }
  }

  /** What a certificate may be used for. */
  public enum Usage { SERVER, CLIENT }

  private final Path dir;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path caFile;

  private TestCertificates(Path dir, KeyPair keys, X509Certificate certificate, Path caFile) {
    this.dir = dir;
    this.keys = keys;
    this.certificate = certificate;
    this.caFile = caFile;
  }

  /** A new self-signed CA named {@code CN=name}, its certificate written to {@code dir/name-ca.pem}. */
  public static TestCertificates authority(Path dir, String name) {
    KeyPair keys = ecKeys();
    X500Name subject = new X500Name("O=Portico Tests,CN=" + name);
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
          keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate certificate = sign(builder, keys.getPrivate());
      Path caFile = dir.resolve(name + "-ca.pem");
      writePem(caFile, certificate);
      return new TestCertificates(dir, keys, certificate, caFile);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path caFile() {
    return caFile;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** A server certificate for {@code names} (DNS names or IP literals), {@code CN=} the first. */
  public Issued server(String... names) {
    return issue(names[0], List.of(names), Usage.SERVER, ecKeys(), Instant.now().minus(Duration.ofHours(1)),
        Instant.now().plus(Duration.ofDays(1)));
  }

  /** A client certificate with subject {@code CN=commonName,O=Portico Tests}. */
  public Issued client(String commonName) {
    return issue(commonName, List.of(), Usage.CLIENT, ecKeys(), Instant.now().minus(Duration.ofHours(1)),
        Instant.now().plus(Duration.ofDays(1)));
  }

  /** Any certificate this CA can sign; files are named after the common name and a serial. */
  public Issued issue(String commonName, List<String> names, Usage usage, KeyPair subjectKeys, Instant notBefore,
      Instant notAfter) {
    try {
      BigInteger serial = serial();
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial,
          Date.from(notBefore), Date.from(notAfter), new X500Name("O=Portico Tests,CN=" + commonName),
          subjectKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              usage == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(subjectKeys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      if (!names.isEmpty()) {
        List<GeneralName> sans = new ArrayList<>();
        for (String name : names) {
          sans.add(IP.matcher(name).matches()
              ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress())
              : new GeneralName(GeneralName.dNSName, name));
        }
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      X509Certificate issued = sign(builder, keys.getPrivate());
      String stem = commonName.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + serial;
      Path certFile = dir.resolve(stem + ".crt");
      Path keyFile = dir.resolve(stem + ".key");
      writePem(certFile, issued);
      writePkcs8(keyFile, subjectKeys.getPrivate());
      return new Issued(certFile, keyFile, issued, subjectKeys);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An EC key in SEC1 form ({@code EC PRIVATE KEY}) with its named curve, as {@code openssl ecparam
   * -genkey} writes it; Bouncy Castle's own writer leaves the curve out of a JDK key.
   */
  public static void writeSec1(Path file, KeyPair keys) {
    var spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    var d = ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS();
    try {
      var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, spki.getPublicKeyData(),
          spki.getAlgorithm().getParameters());
      StringWriter text = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
        writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
      }
      write(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Certificates (or RSA keys in their traditional PKCS#1 form) as PEM, in the order given. */
  public static void writePem(Path file, Object... objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object o : objects) {
        writer.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(file, text.toString());
  }

  public static void writePkcs8(Path file, PrivateKey key) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(file, text.toString());
  }

  /** Replaces {@code target} with {@code source}'s content atomically, as a deploy tool would. */
  public static void replace(Path source, Path target) {
    try {
      Path tmp = Files.createTempFile(target.getParent(), ".next-", ".tmp");
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }
}
