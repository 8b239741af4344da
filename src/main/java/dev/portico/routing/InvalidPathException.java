package dev.portico.routing;

/**
 * A request path that {@link PathNormalizer} refuses to canonicalise. The gateway answers 400.
 *
 * <p>The message says what was wrong and where (an index into the raw path); it never echoes the raw
 * path itself, so it is safe to show to clients.
 */
public final class InvalidPathException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidPathException(String message) {
    super(message);
  }
}
