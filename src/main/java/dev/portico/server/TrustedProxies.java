package dev.portico.server;

import dev.portico.config.Cidr;
import java.util.List;

/**
 * Decides whose forwarding headers to believe. Only a peer inside a configured range may tell us
 * who the client is; what anyone else sends in {@code X-Forwarded-*} or {@code Forwarded} is
 * replaced, never appended to.
 */
public final class TrustedProxies {
  private final List<Cidr> ranges;

  public TrustedProxies(List<Cidr> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  public boolean isTrusted(String ip) {
    if (ip == null) {
      return false;
    }
    for (Cidr range : ranges) {
      if (range.contains(ip)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /**
   * The client's address: the peer if it is not trusted; otherwise the right-most address in
   * {@code X-Forwarded-For} that is not itself a trusted proxy (walking right to left, as each
   * trusted hop appended the address it saw).
   */
  public String clientIp(String peerIp, String xForwardedFor) {
    if (xForwardedFor == null || !isTrusted(peerIp)) {
      return peerIp;
    }
    String[] hops = xForwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (hop.isEmpty()) {
        continue;
      }
      if (!isTrusted(hop) || i == 0) {
        return hop;
      }
    }
    return peerIp;
  }
}
