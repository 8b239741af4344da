package dev.portico.proxy;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Headers that describe one connection and must not be forwarded (RFC 9110 section 7.6.1), plus
 * any header the sender named in {@code Connection}. On the request path, so the common case (no
 * extra names in Connection) allocates nothing per header.
 */
final class HopByHopHeaders {
  private HopByHopHeaders() {}

  /** Case-insensitive membership in the fixed hop-by-hop set, without lower-casing the name. */
  static boolean isHopByHop(String name) {
    return switch (name.length()) {
      case 2 -> name.equalsIgnoreCase("te");
      case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
      case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 14 -> name.equalsIgnoreCase("http2-settings");
      case 16 -> name.equalsIgnoreCase("proxy-connection");
      case 17 -> name.equalsIgnoreCase("transfer-encoding");
      case 18 -> name.equalsIgnoreCase("proxy-authenticate");
      case 19 -> name.equalsIgnoreCase("proxy-authorization");
      default -> false;
    };
  }

  static void copyEndToEnd(MultiMap from, MultiMap to) {
    copyEndToEnd(from, to, name -> false);
  }

  /**
   * Copies {@code from} into {@code to} without hop-by-hop headers, without every name that any
   * {@code Connection} field listed, and without the names {@code alsoSkip} accepts.
   */
  static void copyEndToEnd(MultiMap from, MultiMap to, Predicate<String> alsoSkip) {
    // A sender may split Connection over several fields (RFC 9110 section 5.3): read them all, or
    // a name in the second one would slip through.
    List<String> connection = from.getAll("connection");
    Set<String> named = connection.isEmpty() ? Set.of() : connectionTokens(connection);
    for (var entry : from) {
      String name = entry.getKey();
      if (isHopByHop(name) || alsoSkip.test(name)
          || (!named.isEmpty() && named.contains(name.toLowerCase(Locale.ROOT)))) {
        continue;
      }
      to.add(name, entry.getValue());
    }
  }

  /** The extra names listed in Connection; "close" and "keep-alive" are options, not names. */
  private static Set<String> connectionTokens(List<String> connection) {
    Set<String> names = null;
    for (String field : connection) {
      for (String token : field.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !name.equals("close") && !name.equals("keep-alive")) {
          if (names == null) {
            names = new HashSet<>();
          }
          names.add(name);
        }
      }
    }
    return names == null ? Set.of() : names;
  }
}
