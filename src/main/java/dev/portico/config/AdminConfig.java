package dev.portico.config;

import java.util.Objects;

/**
 * The admin API listener. It defaults to loopback because it can change the running config.
 *
 * @param port 0 = ephemeral
 */
public record AdminConfig(String host, int port) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9901;

  public AdminConfig {
    Objects.requireNonNull(host, "host");
    Ports.check("port", port);
  }

  public static AdminConfig ofDefault() {
    return new AdminConfig(DEFAULT_HOST, DEFAULT_PORT);
  }
}
