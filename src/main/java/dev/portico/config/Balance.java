package dev.portico.config;

/** Load-balancing strategy of an upstream; the YAML spelling is {@link #yamlName()}. */
public enum Balance {
  ROUND_ROBIN("round-robin"),
  LEAST_REQUEST("least-request"),
  CONSISTENT_HASH("consistent-hash");

  static final String EXPECTED = "round-robin, least-request or consistent-hash";

  private final String yamlName;

  Balance(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  /** @throws IllegalArgumentException {@code "random" (expected: round-robin, least-request or consistent-hash)} */
  public static Balance parse(String s) {
    for (Balance b : values()) {
      if (b.yamlName.equals(s)) {
        return b;
      }
    }
    throw new IllegalArgumentException(Quote.of(s) + " (expected: " + EXPECTED + ")");
  }

  @Override
  public String toString() {
    return yamlName;
  }
}
