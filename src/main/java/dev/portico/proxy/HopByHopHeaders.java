package dev.portico.proxy;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/**
 * Headers that describe one connection and must not be forwarded (RFC 9110 section 7.6.1), plus
 * any header the sender named in {@code Connection}.
 */
final class HopByHopHeaders {
  private static final Set<String> FIXED = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
      "te", "trailer", "transfer-encoding", "upgrade", "http2-settings");

  private HopByHopHeaders() {}

  static boolean isHopByHop(String lowerCaseName) {
    return FIXED.contains(lowerCaseName);
  }

  /**
   * Copies {@code from} into {@code to} without hop-by-hop headers. Returns the extra names that
   * {@code Connection} listed (lower case), already left out, or null when there were none.
   */
  static void copyEndToEnd(MultiMap from, MultiMap to) {
    String connection = from.get("connection");
    Set<String> named = connection == null ? Set.of() : connectionTokens(connection);
    for (var entry : from) {
      String lower = entry.getKey().toLowerCase(Locale.ROOT);
      if (!FIXED.contains(lower) && !named.contains(lower)) {
        to.add(entry.getKey(), entry.getValue());
      }
    }
  }

  private static Set<String> connectionTokens(String connection) {
    java.util.HashSet<String> names = new java.util.HashSet<>();
    for (String token : connection.split(",")) {
      String name = token.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }
}
