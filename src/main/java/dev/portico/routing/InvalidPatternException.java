package dev.portico.routing;

/**
 * A route path pattern that cannot be compiled, e.g.
 * {@code "/a/{id": unclosed "{" (expected: {name} as a whole segment)}.
 * Thrown by {@link RouteTable.Builder#add(MatchRule, Object)}.
 */
public final class InvalidPatternException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidPatternException(String message) {
    super(message);
  }
}
