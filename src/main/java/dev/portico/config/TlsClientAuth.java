package dev.portico.config;

/** Whether the listener asks clients for a certificate; the YAML spelling is {@link #yamlName()}. */
public enum TlsClientAuth {
  /** Clients are not asked for a certificate. */
  NONE("none"),
  /** Clients are asked; one without a certificate is served, and routes decide what it may reach. */
  REQUEST("request"),
  /** A client without a certificate signed by {@code clientCa} cannot complete the handshake. */
  REQUIRE("require");

  static final String EXPECTED = "none, request or require";

  private final String yamlName;

  TlsClientAuth(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  public static TlsClientAuth parse(String s) {
    for (TlsClientAuth a : values()) {
      if (a.yamlName.equals(s)) {
        return a;
      }
    }
    throw new IllegalArgumentException(Quote.of(s) + " (expected: " + EXPECTED + ")");
  }

  @Override
  public String toString() {
    return yamlName;
  }
}
