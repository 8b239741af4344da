package dev.portico.config;

/** How the gateway reaches Redis; the YAML spelling is {@link #yamlName()}. */
public enum RedisMode {
  /** One server (or one endpoint in front of a managed primary). */
  STANDALONE("standalone"),
  /** The urls are Sentinels; the primary of {@code masterName} is looked up and followed on failover. */
  SENTINEL("sentinel"),
  /** The urls are seed nodes of a Redis Cluster; commands go to the node that owns the key's slot. */
  CLUSTER("cluster");

  static final String EXPECTED = "standalone, sentinel or cluster";

  private final String yamlName;

  RedisMode(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  /** @throws IllegalArgumentException {@code "sentinal" (expected: standalone, sentinel or cluster)} */
  public static RedisMode parse(String s) {
    for (RedisMode m : values()) {
      if (m.yamlName.equals(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException(Quote.of(s) + " (expected: " + EXPECTED + ")");
  }

  @Override
  public String toString() {
    return yamlName;
  }
}
