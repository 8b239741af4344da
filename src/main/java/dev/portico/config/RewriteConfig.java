package dev.portico.config;

/**
 * How a route changes the path before forwarding: exactly one of the two is set.
 *
 * @param stripPrefix a leading path part to remove, e.g. {@code /api}
 * @param path        a template such as {@code /v2/orders/{id}}, filled from the match's path parameters
 */
public record RewriteConfig(String stripPrefix, String path) {

  public RewriteConfig {
    if ((stripPrefix == null) == (path == null)) {
      throw new IllegalArgumentException("rewrite (expected: exactly one of stripPrefix or path)");
    }
  }

  public static RewriteConfig stripPrefix(String prefix) {
    return new RewriteConfig(prefix, null);
  }

  public static RewriteConfig path(String template) {
    return new RewriteConfig(null, template);
  }
}
