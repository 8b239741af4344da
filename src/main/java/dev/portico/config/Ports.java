package dev.portico.config;

/** Port range check shared by the records' constructors. */
final class Ports {

  static final String EXPECTED = "a port number 0-65535, 0 = any free port";

  private Ports() {}

  static void check(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + ": " + port + " (expected: " + EXPECTED + ")");
    }
  }
}
