package dev.portico.config;

import java.util.Objects;

/**
 * The admin API listener. It defaults to loopback because it can change the running config.
 *
 * @param port      0 = ephemeral
 * @param token     the bearer token every admin call but health, readiness, metrics and the dashboard page needs;
 *                  {@code null} = a random one generated at start (and logged once)
 * @param stateFile where runtime changes made through the admin API are kept, or {@code null} for the default,
 *                  {@code <config file>.admin.yaml} next to the config file
 */
public record AdminConfig(String host, int port, String token, String stateFile) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9901;
  /** Short tokens can be guessed; 16 characters of a random string is the least worth allowing. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public AdminConfig {
    Objects.requireNonNull(host, "host");
    Ports.check("port", port);
    if (token != null && token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException("token: too short (expected: at least " + MIN_TOKEN_LENGTH + " characters)");
    }
  }

  public AdminConfig(String host, int port) {
    this(host, port, null, null);
  }

  public static AdminConfig ofDefault() {
    return new AdminConfig(DEFAULT_HOST, DEFAULT_PORT);
  }

  /** Never the token itself: records print their components. */
  @Override
  public String toString() {
    return "AdminConfig[host=" + host + ", port=" + port + ", token=" + (token == null ? "generated" : "***")
        + ", stateFile=" + stateFile + "]";
  }
}
