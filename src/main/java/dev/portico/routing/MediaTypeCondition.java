package dev.portico.routing;

import java.util.Locale;

/**
 * Selects a route by a parameter of the media type the client asks for in {@code Accept}, e.g.
 * {@code Accept: application/vnd.shop+json; version=2}. The request's value is the parameter of its most
 * preferred media range that carries it (highest {@code q}, then the first), so a client that lists several
 * versions gets exactly one. See {@link AcceptHeader} for the parsing.
 *
 * @param type  {@code type/subtype} the parameter must belong to, lower-cased; {@code null} = any media range
 * @param param the parameter's name, lower-cased (names are case-insensitive)
 * @param value the required value, compared without regard to case
 */
public record MediaTypeCondition(String type, String param, String value) {
  public MediaTypeCondition {
    if (param == null || param.isEmpty() || param.equalsIgnoreCase("q")) {
      throw new IllegalArgumentException("mediaType.param: \"" + param + "\" (expected: a media type parameter name"
          + " other than q)");
    }
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("mediaType.value: missing (expected: a parameter value)");
    }
    type = type == null ? null : type.toLowerCase(Locale.ROOT);
    param = param.toLowerCase(Locale.ROOT);
  }

  /** Whether the {@code Accept} field value (several lines joined with commas; may be null) selects this. */
  public boolean matches(String accept) {
    String actual = AcceptHeader.preferredParameter(accept, type, param);
    return actual != null && actual.equalsIgnoreCase(value);
  }

  @Override
  public String toString() {
    return (type == null ? "*" : type) + ";" + param + "=" + value;
  }
}
