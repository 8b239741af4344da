package dev.portico.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One certificate the listener can serve.
 *
 * @param certFile PEM certificate chain, leaf first
 * @param keyFile  PEM private key of the leaf
 */
public record TlsCertificateConfig(Path certFile, Path keyFile) {
  public TlsCertificateConfig {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
  }
}
