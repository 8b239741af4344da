package dev.portico.aggregate;

import java.util.List;

/**
 * One {@code {...}} of a template: a route parameter ({@code {orderId}}), a query parameter
 * ({@code {query.page}}), a field of the caller's identity ({@code {identity.tenant}}), a field of
 * another call's result ({@code {order.customerId}}), or the element of a forEach ({@code {item}},
 * {@code {item.id}}).
 *
 * @param name the parameter, query parameter, identity field or call name
 * @param path the field path inside a call's result; empty for the other kinds
 */
public record Reference(Kind kind, String name, List<String> path, String text) {
  public enum Kind { PARAM, QUERY, IDENTITY, PART, ITEM }

  public static final List<String> IDENTITY_FIELDS = List.of("subject", "tenant", "consumer", "plan");

  public Reference {
    path = List.copyOf(path);
  }

  /** Parses the text between the braces. */
  static Reference parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty \"{}\"");
    }
    String[] segments = text.split("\\.", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("\"{" + text + "}\" has an empty segment");
      }
    }
    List<String> rest = List.of(segments).subList(1, segments.length);
    if (segments[0].equals("item")) {
      return new Reference(Kind.ITEM, "item", rest, text);
    }
    if (segments.length == 1) {
      return new Reference(Kind.PARAM, text, List.of(), text);
    }
    return switch (segments[0]) {
      case "query" -> {
        if (rest.size() != 1) {
          throw new IllegalArgumentException("\"{" + text + "}\" names a query parameter as {query.name}");
        }
        yield new Reference(Kind.QUERY, rest.get(0), List.of(), text);
      }
      case "identity" -> {
        if (rest.size() != 1 || !IDENTITY_FIELDS.contains(rest.get(0))) {
          throw new IllegalArgumentException("\"{" + text + "}\" is not an identity field (expected: identity."
              + String.join(", identity.", IDENTITY_FIELDS) + ")");
        }
        yield new Reference(Kind.IDENTITY, rest.get(0), List.of(), text);
      }
      default -> new Reference(Kind.PART, segments[0], rest, text);
    };
  }
}
