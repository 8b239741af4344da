package dev.portico.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code ::1/128}, used for trusted proxies and allow lists.
 * Matching never resolves names, so it is safe on the request path.
 *
 * @param network      the network address, with all host bits zero
 * @param prefixLength 0-32 for IPv4, 0-128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {

  static final String EXPECTED = "an IP address or CIDR like 10.0.0.0/8 or ::1/128";

  public Cidr {
    Objects.requireNonNull(network, "network");
    byte[] bytes = network.getAddress();
    if (prefixLength < 0 || prefixLength > bytes.length * 8) {
      throw new IllegalArgumentException(
          "prefixLength: " + prefixLength + " (expected: 0-" + bytes.length * 8 + ")");
    }
    if (!hostBitsZero(bytes, prefixLength)) {
      throw new IllegalArgumentException(network.getHostAddress() + "/" + prefixLength
          + " has host bits set (expected: " + masked(bytes, prefixLength) + "/" + prefixLength + ")");
    }
  }

  /**
   * Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address as a single-host network ({@code /32} or
   * {@code /128}). An address with host bits set ({@code 10.0.0.1/8}) is refused rather than silently masked,
   * because it usually means the author meant a different network.
   *
   * @throws IllegalArgumentException {@code "10.0.0.300/8" (expected: an IP address or CIDR like 10.0.0.0/8 or ::1/128)}
   */
  public static Cidr parse(String s) {
    String text = s.strip();
    int slash = text.indexOf('/');
    byte[] bytes = IpLiterals.parse(slash < 0 ? text : text.substring(0, slash));
    if (bytes == null) {
      throw invalid(s);
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid(s);
      }
      prefix = Integer.parseInt(p);
      // An IPv4-mapped IPv6 network (::ffff:10.0.0.0/104) arrives here as 4 bytes; shift its prefix to match.
      if (text.indexOf(':') >= 0 && bytes.length == 4) {
        prefix -= 96;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(Quote.of(s) + " has prefix length out of range (expected: /0-/" + bits + ")");
      }
    }
    if (!hostBitsZero(bytes, prefix)) {
      throw new IllegalArgumentException(Quote.of(s) + " has host bits set (expected: "
          + masked(bytes, prefix) + "/" + prefix + ")");
    }
    return new Cidr(toInet(bytes), prefix);
  }

  public boolean contains(InetAddress address) {
    return address != null && matches(address.getAddress());
  }

  /** True if {@code ipLiteral} is an IP address literal inside this network; host names are never resolved. */
  public boolean contains(String ipLiteral) {
    byte[] bytes = IpLiterals.parse(ipLiteral);
    return bytes != null && matches(bytes);
  }

  private boolean matches(byte[] candidate) {
    byte[] net = network.getAddress();
    if (candidate.length != net.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (candidate[i] != net[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (candidate[full] & mask) == (net[full] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }

  private static boolean hostBitsZero(byte[] bytes, int prefix) {
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) {
        return false;
      }
    }
    return true;
  }

  private static String masked(byte[] bytes, int prefix) {
    byte[] copy = bytes.clone();
    for (int bit = prefix; bit < copy.length * 8; bit++) {
      copy[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    return toInet(copy).getHostAddress();
  }

  private static InetAddress toInet(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes); // literal bytes: never a lookup
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes always form an address", e);
    }
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException(Quote.of(s) + " (expected: " + EXPECTED + ")");
  }
}
