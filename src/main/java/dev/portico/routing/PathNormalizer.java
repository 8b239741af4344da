package dev.portico.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a raw request path into the one canonical spelling that is used both for route matching and for
 * the request forwarded upstream, so that no spelling of a path can reach a route it should not.
 *
 * <p>Rules, applied in this order:
 * <ol>
 *   <li>The path must start with {@code /}.</li>
 *   <li>Each segment is canonicalised: escapes of unreserved characters (ALPHA, DIGIT, {@code - . _ ~}) are
 *       decoded ({@code %61} becomes {@code a}, {@code %2e} becomes {@code .}); the hex digits of all other
 *       escapes are upper-cased ({@code %3b} becomes {@code %3B}); raw characters that are not allowed in a
 *       URI path (space, {@code " < > ^ ` { | } #}) are percent-encoded.</li>
 *   <li>Rejected: invalid or truncated escapes ({@code %zz}, {@code %4}), encoded NUL {@code %00}, raw control
 *       characters, raw backslash, raw non-ASCII characters, and, unless
 *       {@link EncodedSlashes#PASS_THROUGH} is given, encoded slash {@code %2F} and backslash {@code %5C}.</li>
 *   <li>Repeated slashes are merged, then {@code .} and {@code ..} segments are resolved (RFC 3986
 *       remove_dot_segments). Because this happens after step 2, {@code %2e%2e} is a {@code ..}. A {@code ..}
 *       that would climb above the root is rejected, never clamped.</li>
 *   <li>Rejected: a segment starting with {@code ..;} or {@code .;} (also spelt {@code %3B}). Servlet
 *       containers strip the {@code ;params} of a segment before resolving dot segments, so a backend would
 *       read {@code /public/..;/admin} as {@code /admin} while we route it under {@code /public}.</li>
 * </ol>
 *
 * <p>A path that is already canonical (no {@code %}, no {@code //}, no dot segment, no character needing
 * work) is returned as is, without allocation.
 */
public final class PathNormalizer {

  /** What to do with the encoded separators {@code %2F} and {@code %5C}. */
  public enum EncodedSlashes {
    /** Reject the path (the default): backends disagree on whether {@code %2F} separates segments. */
    REJECT,
    /**
     * Keep them encoded (hex upper-cased). They are then part of a segment, never a separator, both for
     * matching and upstream.
     */
    PASS_THROUGH
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** Printable ASCII characters that may stay as they are. */
  private static final boolean[] PLAIN = new boolean[128];
  /** Printable ASCII characters that are not allowed raw in a URI path: encoded in the canonical form. */
  private static final boolean[] ENCODE = new boolean[128];

  static {
    for (char c = 0x21; c < 0x7f; c++) {
      PLAIN[c] = true;
    }
    for (char c : " \"<>^`{|}#".toCharArray()) {
      ENCODE[c] = true;
      PLAIN[c] = false;
    }
    PLAIN['%'] = false;
    PLAIN['\\'] = false;
    PLAIN['/'] = false; // handled separately
  }

  private PathNormalizer() {}

  /** Canonicalises {@code rawPath}, rejecting encoded slashes. See the class comment for the rules. */
  public static String normalize(String rawPath) throws InvalidPathException {
    return normalize(rawPath, EncodedSlashes.REJECT);
  }

  /** Canonicalises {@code rawPath}. See the class comment for the rules. */
  public static String normalize(String rawPath, EncodedSlashes encodedSlashes)
      throws InvalidPathException {
    Objects.requireNonNull(encodedSlashes, "encodedSlashes");
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      throw new InvalidPathException("path must start with \"/\"");
    }
    if (isCanonical(rawPath)) {
      return rawPath;
    }
    return normalizeSlowly(rawPath, encodedSlashes == EncodedSlashes.PASS_THROUGH);
  }

  /** True when {@code p} (starting with "/") needs no work. */
  static boolean isCanonical(String p) {
    int n = p.length();
    int segStart = 1;
    for (int i = 1; i <= n; i++) {
      char c = i < n ? p.charAt(i) : '/';
      if (c == '/') {
        int len = i - segStart;
        if (len == 0 && i < n) {
          return false; // "//"
        }
        if ((len == 1 || len == 2) && p.charAt(segStart) == '.'
            && (len == 1 || p.charAt(segStart + 1) == '.')) {
          return false; // "." or ".." segment
        }
        if (isDotWithParameters(p, segStart, i)) {
          return false; // rejected by the slow path
        }
        segStart = i + 1;
      } else if (c >= 128 || !PLAIN[c]) {
        return false;
      }
    }
    return true;
  }

  private static String normalizeSlowly(String p, boolean allowEncodedSlashes)
      throws InvalidPathException {
    int n = p.length();
    List<String> out = new ArrayList<>();
    StringBuilder seg = new StringBuilder();
    int start = 1;
    while (true) {
      int end = p.indexOf('/', start);
      if (end < 0) {
        end = n;
      }
      boolean last = end == n;
      seg.setLength(0);
      canonicalSegment(p, start, end, allowEncodedSlashes, seg);
      if (isDotWithParameters(seg, 0, seg.length())) {
        throw new InvalidPathException("segment starting with \"..;\" or \".;\" is not allowed"
            + " (backends may read it as a dot segment)");
      }
      if (seg.length() == 0 || isDot(seg)) {
        if (last) {
          out.add(""); // "/a/" and "/a/." both end with a slash
        }
      } else if (isDotDot(seg)) {
        if (out.isEmpty()) {
          throw new InvalidPathException("\"..\" segment climbs above the root");
        }
        out.remove(out.size() - 1);
        if (last) {
          out.add("");
        }
      } else {
        out.add(seg.toString());
      }
      if (last) {
        break;
      }
      start = end + 1;
    }
    if (out.isEmpty()) {
      return "/";
    }
    StringBuilder result = new StringBuilder(n);
    for (String s : out) {
      result.append('/').append(s);
    }
    return result.toString();
  }

  /** True when {@code s[from, to)} is {@code .} or {@code ..} followed by {@code ;} or {@code %3B}. */
  static boolean isDotWithParameters(CharSequence s, int from, int to) {
    int i = from;
    for (int dots = 0; dots < 2 && i < to && s.charAt(i) == '.'; dots++) {
      i++;
    }
    if (i == from || i >= to) {
      return false;
    }
    char c = s.charAt(i);
    return c == ';' || (c == '%' && i + 2 < to && s.charAt(i + 1) == '3'
        && (s.charAt(i + 2) == 'B' || s.charAt(i + 2) == 'b'));
  }

  private static boolean isDot(CharSequence s) {
    return s.length() == 1 && s.charAt(0) == '.';
  }

  private static boolean isDotDot(CharSequence s) {
    return s.length() == 2 && s.charAt(0) == '.' && s.charAt(1) == '.';
  }

  /**
   * Appends the canonical form of {@code p[from, to)} (one segment, no raw "/") to {@code sb}. Dot segments
   * are not interpreted here. Also used to canonicalise the literal segments of route patterns.
   */
  static void canonicalSegment(String p, int from, int to, boolean allowEncodedSlashes,
      StringBuilder sb) throws InvalidPathException {
    int i = from;
    while (i < to) {
      char c = p.charAt(i);
      if (c == '%') {
        int hi = i + 1 < to ? hexValue(p.charAt(i + 1)) : -1;
        int lo = i + 2 < to ? hexValue(p.charAt(i + 2)) : -1;
        if (hi < 0 || lo < 0) {
          throw new InvalidPathException("invalid percent-escape at index " + i
              + " (expected: \"%\" followed by two hex digits)");
        }
        int b = hi * 16 + lo;
        if (b == 0) {
          throw new InvalidPathException("encoded NUL (%00) at index " + i + " is not allowed");
        }
        if ((b == '/' || b == '\\') && !allowEncodedSlashes) {
          throw new InvalidPathException("encoded " + (b == '/' ? "slash (%2F)" : "backslash (%5C)")
              + " at index " + i + " is not allowed");
        }
        if (isUnreserved(b)) {
          sb.append((char) b);
        } else {
          sb.append('%').append(HEX[hi]).append(HEX[lo]);
        }
        i += 3;
      } else if (c == '\\') {
        throw new InvalidPathException("backslash at index " + i + " is not allowed");
      } else if (c < 0x20 || c == 0x7f) {
        throw new InvalidPathException("control character at index " + i + " is not allowed");
      } else if (c > 0x7f) {
        throw new InvalidPathException("non-ASCII character at index " + i
            + " (expected: percent-encoded UTF-8)");
      } else if (ENCODE[c]) {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
        i++;
      } else {
        sb.append(c);
        i++;
      }
    }
  }

  static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
