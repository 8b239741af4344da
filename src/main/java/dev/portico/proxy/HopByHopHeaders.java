package dev.portico.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Headers that describe one connection and must not be forwarded (RFC 9110 section 7.6.1), plus
 * any header the sender named in {@code Connection}. On the request path, so the common case (no
 * extra names in Connection) allocates nothing per header.
 */
final class HopByHopHeaders {
  private static final AsciiString CONNECTION = AsciiString.cached("connection");

  private HopByHopHeaders() {}

  /** Case-insensitive membership in the fixed hop-by-hop set, without lower-casing the name. */
  static boolean isHopByHop(CharSequence name) {
    return switch (name.length()) {
      case 2 -> AsciiString.contentEqualsIgnoreCase(name, "te");
      case 7 -> AsciiString.contentEqualsIgnoreCase(name, "trailer")
          || AsciiString.contentEqualsIgnoreCase(name, "upgrade");
      case 10 -> AsciiString.contentEqualsIgnoreCase(name, "connection")
          || AsciiString.contentEqualsIgnoreCase(name, "keep-alive");
      case 14 -> AsciiString.contentEqualsIgnoreCase(name, "http2-settings");
      case 16 -> AsciiString.contentEqualsIgnoreCase(name, "proxy-connection");
      case 17 -> AsciiString.contentEqualsIgnoreCase(name, "transfer-encoding");
      case 18 -> AsciiString.contentEqualsIgnoreCase(name, "proxy-authenticate");
      case 19 -> AsciiString.contentEqualsIgnoreCase(name, "proxy-authorization");
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
    // Vert.x's header maps are Netty headers too: walking their entries as they are stored copies
    // names and values without a wrapper or a string per header.
    if (from instanceof HttpHeaders source && to instanceof HttpHeaders target) {
      Set<String> named = connectionTokens(source.iteratorCharSequence());
      for (Iterator<Map.Entry<CharSequence, CharSequence>> it = source.iteratorCharSequence(); it.hasNext(); ) {
        Map.Entry<CharSequence, CharSequence> entry = it.next();
        CharSequence name = entry.getKey();
        if (!skipped(name, named, alsoSkip)) {
          target.add(name, entry.getValue());
        }
      }
      return;
    }
    Set<String> named = connectionTokens(stringEntries(from));
    for (var entry : from) {
      if (!skipped(entry.getKey(), named, alsoSkip)) {
        to.add(entry.getKey(), entry.getValue());
      }
    }
  }

  private static boolean skipped(CharSequence name, Set<String> named, Predicate<String> alsoSkip) {
    if (isHopByHop(name)) {
      return true;
    }
    String text = name.toString();
    return alsoSkip.test(text) || (!named.isEmpty() && named.contains(text.toLowerCase(Locale.ROOT)));
  }

  /**
   * The extra names listed in every Connection field (a sender may split it over several, RFC 9110
   * section 5.3); "close" and "keep-alive" are options, not names.
   */
  private static Set<String> connectionTokens(Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> entries) {
    Set<String> names = null;
    while (entries.hasNext()) {
      Map.Entry<? extends CharSequence, ? extends CharSequence> entry = entries.next();
      if (!AsciiString.contentEqualsIgnoreCase(entry.getKey(), CONNECTION)) {
        continue;
      }
      CharSequence field = entry.getValue();
      if (AsciiString.contentEqualsIgnoreCase(field, "keep-alive")
          || AsciiString.contentEqualsIgnoreCase(field, "close")) {
        continue;
      }
      for (String token : field.toString().split(",")) {
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

  private static Iterator<Map.Entry<String, String>> stringEntries(MultiMap headers) {
    return headers.iterator();
  }
}
