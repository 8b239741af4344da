package dev.portico.proxy;

import dev.portico.server.TrustedProxies;
import io.vertx.core.MultiMap;

/**
 * Sets {@code X-Forwarded-For/-Proto/-Host} and RFC 7239 {@code Forwarded} on the upstream request.
 * A trusted peer's values are extended with this hop; anyone else's are discarded and replaced, so
 * a client cannot plant an address or scheme that services behind the gateway would believe.
 */
final class ForwardedHeaders {
  private ForwardedHeaders() {}

  /**
   * @param client headers the client sent (read only)
   * @param upstream headers going upstream, already without the client's forwarding headers
   */
  static void apply(MultiMap client, MultiMap upstream, String peerIp, boolean peerTrusted,
      String scheme, String host) {
    String xff = peerTrusted ? joined(client, "x-forwarded-for") : null;
    upstream.set("X-Forwarded-For", xff == null ? peerIp : xff + ", " + peerIp);
    String proto = peerTrusted ? client.get("x-forwarded-proto") : null;
    upstream.set("X-Forwarded-Proto", proto == null ? scheme : proto);
    String fwdHost = peerTrusted ? client.get("x-forwarded-host") : null;
    if (fwdHost != null) {
      upstream.set("X-Forwarded-Host", fwdHost);
    } else if (host != null) {
      upstream.set("X-Forwarded-Host", host);
    }
    String element = "for=" + forwardedNode(peerIp) + ";proto=" + scheme
        + (host == null ? "" : ";host=" + quoted(host));
    String previous = peerTrusted ? joined(client, "forwarded") : null;
    upstream.set("Forwarded", previous == null ? element : previous + ", " + element);
  }

  /** Case-insensitive, without lower-casing the name (it runs for every request header). */
  static boolean isForwardingHeader(String name) {
    return switch (name.length()) {
      case 9 -> name.equalsIgnoreCase("forwarded") || name.equalsIgnoreCase("x-real-ip");
      case 15 -> name.equalsIgnoreCase("x-forwarded-for");
      case 16 -> name.equalsIgnoreCase("x-forwarded-host") || name.equalsIgnoreCase("x-forwarded-port");
      case 17 -> name.equalsIgnoreCase("x-forwarded-proto");
      default -> false;
    };
  }

  private static String joined(MultiMap headers, String name) {
    var all = headers.getAll(name);
    if (all.isEmpty()) {
      return null;
    }
    return all.size() == 1 ? all.get(0) : String.join(", ", all);
  }

  /** IPv6 nodes are quoted and bracketed (RFC 7239 section 6). */
  private static String forwardedNode(String ip) {
    return ip.indexOf(':') >= 0 ? "\"[" + ip + "]\"" : ip;
  }

  private static String quoted(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      }
    }
    return value;
  }
}
