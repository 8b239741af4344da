package dev.portico.config;

/** The lowest TLS version the listener accepts; nothing below TLS 1.2 is ever offered. */
public enum TlsVersion {
  TLS_1_2("TLSv1.2"),
  TLS_1_3("TLSv1.3");

  static final String EXPECTED = "TLSv1.2 or TLSv1.3";

  private final String protocolName;

  TlsVersion(String protocolName) {
    this.protocolName = protocolName;
  }

  /** The JSSE name, e.g. {@code TLSv1.3}; also the YAML spelling. */
  public String protocolName() {
    return protocolName;
  }

  public static TlsVersion parse(String s) {
    for (TlsVersion v : values()) {
      if (v.protocolName.equalsIgnoreCase(s.strip())) {
        return v;
      }
    }
    throw new IllegalArgumentException(Quote.of(s) + " (expected: " + EXPECTED + ")");
  }

  @Override
  public String toString() {
    return protocolName;
  }
}
