package dev.portico.tls;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The TLS versions and cipher suites Portico speaks, on the listener and towards upstreams: TLS 1.2
 * and 1.3 only, and for TLS 1.2 only ECDHE key exchange with AEAD ciphers (forward secrecy, no CBC,
 * no static RSA). TLS 1.3 suites are all AEAD with ephemeral key exchange by design.
 */
public final class TlsPolicy {
  public static final String TLS_1_2 = "TLSv1.2";
  public static final String TLS_1_3 = "TLSv1.3";

  /** In order of preference; the server side lets the client's order decide among these. */
  public static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsPolicy() {}

  /** TLS 1.2 and 1.3, or only 1.3 when {@code minVersion} is TLSv1.3. */
  public static Set<String> protocols(String minVersion) {
    Set<String> protocols = new LinkedHashSet<>();
    if (!TLS_1_3.equals(minVersion)) {
      protocols.add(TLS_1_2);
    }
    protocols.add(TLS_1_3);
    return protocols;
  }
}
