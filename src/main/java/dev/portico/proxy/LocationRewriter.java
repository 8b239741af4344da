package dev.portico.proxy;

import java.util.Locale;

/**
 * Maps the {@code Location} of an upstream's response back into the client's view of the gateway,
 * as nginx's {@code proxy_redirect default} does: a URL naming the target itself (an internal
 * address the client cannot reach, and should not learn) gets the client's scheme and host, and a
 * path the upstream gave in its own namespace gets back the prefix the route stripped.
 *
 * <p>Locations naming another host, and relative references not starting with {@code /}, pass
 * as they are. Routes with a path template rewrite keep the upstream's path: a template has no
 * unambiguous inverse.
 */
final class LocationRewriter {
  private LocationRewriter() {}

  /**
   * @param targetAuthority the target as the gateway addressed it ({@code host} or {@code host:port})
   * @param clientScheme the scheme the client used
   * @param clientAuthority the Host the client sent, or null (then a path-absolute reference is given)
   * @param strippedPrefix the prefix the route removed from the path, or null
   * @return the location to send, or {@code location} itself when nothing applies
   */
  static String rewrite(String location, String targetAuthority, String clientScheme, String clientAuthority,
      String strippedPrefix) {
    if (location.startsWith("/") && !location.startsWith("//")) {
      return withPrefix(location, strippedPrefix);
    }
    boolean networkPath = location.startsWith("//");
    int schemeEnd = networkPath ? 0 : location.indexOf("://");
    if (schemeEnd <= 0 && !networkPath) {
      return location;
    }
    String scheme = networkPath ? clientScheme : location.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return location;
    }
    int authorityStart = networkPath ? 2 : schemeEnd + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < location.length() && "/?#".indexOf(location.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    String authority = location.substring(authorityStart, authorityEnd);
    if (!sameAuthority(authority, scheme, targetAuthority)) {
      return location;
    }
    String rest = location.substring(authorityEnd);
    String path = rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
    path = withPrefix(path, strippedPrefix);
    return clientAuthority == null ? path : clientScheme + "://" + clientAuthority + path;
  }

  private static String withPrefix(String path, String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
      return path;
    }
    String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return base + path;
  }

  /** Host names compare without case; an explicit default port equals none. */
  private static boolean sameAuthority(String authority, String scheme, String target) {
    String a = withoutDefaultPort(authority.toLowerCase(Locale.ROOT), scheme);
    String t = target.toLowerCase(Locale.ROOT);
    return a.equals(t) || a.equals(withoutDefaultPort(t, scheme));
  }

  private static String withoutDefaultPort(String authority, String scheme) {
    String defaultPort = scheme.equals("https") ? ":443" : ":80";
    return authority.endsWith(defaultPort) ? authority.substring(0, authority.length() - defaultPort.length())
        : authority;
  }
}
