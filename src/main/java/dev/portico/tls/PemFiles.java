package dev.portico.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * Reads PEM certificates and private keys, with messages that say what is wrong in terms an
 * operator can act on. Certificates are parsed by the JDK; private keys (PKCS#8, PKCS#1 RSA, SEC1
 * EC) by Vert.x's PEM reader. Methods that take a {@link Path} read the file and so block: call them
 * at boot, from the config loader or from a worker, never from an event loop.
 */
public final class PemFiles {
  /** A certificate bundle is a few KiB; anything far larger is not what the config meant. */
  public static final int MAX_FILE_BYTES = 1024 * 1024;

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final Pattern ANY_BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

  private PemFiles() {}

  /** A certificate chain, leaf first, with the private key of the leaf. */
  public record CertifiedKey(List<X509Certificate> chain, PrivateKey key) {
    public CertifiedKey {
      chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
      return chain.get(0);
    }

    /** The leaf's DNS subject alternative names, lower-cased, in certificate order. */
    public List<String> dnsNames() {
      return PemFiles.dnsNames(leaf());
    }

    @Override
    public String toString() {
      return "CertifiedKey[" + leaf().getSubjectX500Principal() + "]"; // never the key
    }
  }

  /** @throws IOException with a message from {@link #describe(IOException)} in mind */
  public static byte[] read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("is a directory");
    }
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException("is larger than 1MiB");
    }
    return Files.readAllBytes(file);
  }

  /** "no such file", "permission denied" or the exception's own message: for config errors and logs. */
  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * The certificates of a PEM file in file order (a chain: leaf first; or a CA bundle).
   *
   * @throws IllegalArgumentException when there is none or one does not parse
   */
  public static List<X509Certificate> certificates(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    List<X509Certificate> certificates = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    CertificateFactory factory = x509Factory();
    while (m.find()) {
      if (!m.group(1).equals("CERTIFICATE")) {
        continue;
      }
      try {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (IllegalArgumentException | CertificateException e) {
        throw new IllegalArgumentException("certificate " + (certificates.size() + 1) + " does not parse ("
            + e.getMessage() + ")");
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(lacks("certificate", text)
          + " (expected: a PEM file with -----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /**
   * The private key of {@code chain}'s leaf.
   *
   * @throws IllegalArgumentException when there is no usable key, or it is not the leaf's key
   */
  public static CertifiedKey certifiedKey(List<X509Certificate> chain, byte[] keyPem) {
    String text = new String(keyPem, StandardCharsets.US_ASCII);
    Set<String> kinds = pemKinds(text);
    if (kinds.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED")) {
      throw new IllegalArgumentException("is an encrypted private key (expected: an unencrypted PEM private key"
          + " readable only by the gateway's user)");
    }
    if (!kinds.contains("PRIVATE KEY") && !kinds.contains("RSA PRIVATE KEY") && !kinds.contains("EC PRIVATE KEY")) {
      throw new IllegalArgumentException(lacks("private key", text)
          + " (expected: a PEM file with -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }
    PrivateKey key;
    try {
      key = readKey(chain.get(0), keyPem);
    } catch (Exception e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("does not match")) {
        throw mismatch(chain.get(0));
      }
      throw new IllegalArgumentException("has a private key that does not parse (" + message
          + ") (expected: an RSA or EC key in PKCS#8, PKCS#1 or SEC1 PEM)");
    }
    if (!matches(key, chain.get(0))) {
      throw mismatch(chain.get(0));
    }
    return new CertifiedKey(chain, key);
  }

  /** Reads the key and its certificate together, each in its own file. Blocking. */
  public static CertifiedKey certifiedKey(Path certFile, Path keyFile) throws IOException {
    List<X509Certificate> chain;
    try {
      chain = certificates(read(certFile));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(certFile + " " + e.getMessage(), e);
    }
    try {
      return certifiedKey(chain, read(keyFile));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(keyFile + " " + e.getMessage(), e);
    }
  }

  /** A CA bundle. Blocking. */
  public static List<X509Certificate> certificates(Path file) throws IOException {
    try {
      return certificates(read(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " " + e.getMessage(), e);
    }
  }

  public static KeyManagerFactory keyManagerFactory(CertifiedKey certifiedKey) {
    try {
      char[] password = randomPassword();
      KeyStore store = emptyStore();
      store.setKeyEntry("key", certifiedKey.key(), password,
          certifiedKey.chain().toArray(new X509Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot build a key manager: " + e, e);
    }
  }

  public static TrustManagerFactory trustManagerFactory(List<X509Certificate> authorities) {
    try {
      KeyStore store = emptyStore();
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("ca-" + i, authorities.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot build a trust manager: " + e, e);
    }
  }

  /** DNS subject alternative names, lower-cased: the names a certificate is valid for. */
  public static List<String> dnsNames(X509Certificate certificate) {
    Collection<List<?>> sans;
    try {
      sans = certificate.getSubjectAlternativeNames();
    } catch (CertificateException e) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    if (sans != null) {
      for (List<?> san : sans) {
        if (san.size() == 2 && san.get(0) instanceof Integer type && type == 2) {
          names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  /** Vert.x's PEM reader needs the certificate beside the key; its alias is found from the store. */
  private static PrivateKey readKey(X509Certificate leaf, byte[] keyPem) throws Exception {
    String certPem = "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(leaf.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    PemKeyCertOptions options = new PemKeyCertOptions()
        .setKeyValue(Buffer.buffer(keyPem))
        .setCertValue(Buffer.buffer(certPem));
    // Only values are set, never paths, so no Vertx instance (file system) is needed.
    KeyStore store = options.loadKeyStore(null);
    String alias = store.aliases().nextElement();
    X509KeyManager manager = (X509KeyManager) options.getKeyManagerFactory(null).getKeyManagers()[0];
    return manager.getPrivateKey(alias);
  }

  private static boolean matches(PrivateKey key, X509Certificate leaf) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return true; // no way to check here; the handshake will tell
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static IllegalArgumentException mismatch(X509Certificate leaf) {
    return new IllegalArgumentException("is not the private key of the certificate "
        + leaf.getSubjectX500Principal().getName() + " (expected: the key the certificate was issued for)");
  }

  private static Set<String> pemKinds(String text) {
    Set<String> kinds = new LinkedHashSet<>();
    Matcher m = ANY_BEGIN.matcher(text);
    while (m.find()) {
      kinds.add(m.group(1));
    }
    return kinds;
  }

  /** "has no PEM block" or "has no certificate, only PRIVATE KEY". */
  private static String lacks(String what, String text) {
    Set<String> kinds = pemKinds(text);
    return kinds.isEmpty() ? "has no PEM block" : "has no " + what + ", only " + String.join(", ", kinds);
  }

  private static CertificateFactory x509Factory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).toCharArray();
  }
}
