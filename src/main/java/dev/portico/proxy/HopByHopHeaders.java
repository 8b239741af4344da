package dev.portico.proxy;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.List;
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
   * Copies {@code from} into {@code to} without hop-by-hop headers, including every name that any
   * {@code Connection} field listed.
   */
  static void copyEndToEnd(MultiMap from, MultiMap to) {
    // A sender may split Connection over several fields (RFC 9110 section 5.3): read them all, or
    // a name in the second one would slip through.
    List<String> connection = from.getAll("connection");
    Set<String> named = connection.isEmpty() ? Set.of() : connectionTokens(connection);
    for (var entry : from) {
      String lower = entry.getKey().toLowerCase(Locale.ROOT);
      if (!FIXED.contains(lower) && !named.contains(lower)) {
        to.add(entry.getKey(), entry.getValue());
      }
    }
  }

  private static Set<String> connectionTokens(List<String> connection) {
    Set<String> names = new HashSet<>();
    for (String field : connection) {
      for (String token : field.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
