package dev.portico.routing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A compiled path pattern: a sequence of literal, {@code {param}} and final {@code **} segments. */
final class PathPattern {
  static final byte CATCH_ALL = 0;
  /** Not a segment kind: stands for "pattern ended here" when comparing specificity. */
  static final byte END = 1;
  static final byte PARAM = 2;
  static final byte LITERAL = 3;

  /** Key of the {@code **} remainder in path params. */
  static final String REMAINDER = "**";

  final String source;
  /** Kind of each segment. */
  final byte[] kinds;
  /** Canonical literal text, parameter name, or null for {@code **}. */
  final String[] texts;
  final boolean capturing;

  private PathPattern(String source, byte[] kinds, String[] texts) {
    this.source = source;
    this.kinds = kinds;
    this.texts = texts;
    boolean c = false;
    for (byte k : kinds) {
      c |= k != LITERAL;
    }
    this.capturing = c;
  }

  static PathPattern parse(String pattern) {
    if (pattern == null || !pattern.startsWith("/")) {
      throw invalid(pattern, "must start with \"/\"");
    }
    String[] segs = pattern.substring(1).split("/", -1);
    byte[] kinds = new byte[segs.length];
    String[] texts = new String[segs.length];
    Set<String> names = new HashSet<>();
    for (int i = 0; i < segs.length; i++) {
      String seg = segs[i];
      boolean last = i == segs.length - 1;
      if (seg.equals("**")) {
        if (!last) {
          throw invalid(pattern, "\"**\" is only allowed as the last segment");
        }
        kinds[i] = CATCH_ALL;
      } else if (seg.startsWith("{") && seg.indexOf('}') < 0) {
        throw invalid(pattern, "unclosed \"{\" (expected: {name} as a whole segment)");
      } else if (seg.startsWith("{") && seg.endsWith("}") && seg.indexOf('{', 1) < 0
          && seg.indexOf('}') == seg.length() - 1) {
        String name = seg.substring(1, seg.length() - 1);
        if (!isIdentifier(name)) {
          throw invalid(pattern, "\"" + name + "\" is not a valid parameter name (expected: an identifier such as {id})");
        }
        if (!names.add(name)) {
          throw invalid(pattern, "parameter {" + name + "} appears twice (expected: unique names)");
        }
        kinds[i] = PARAM;
        texts[i] = name;
      } else if (seg.indexOf('{') >= 0 || seg.indexOf('}') >= 0) {
        throw invalid(pattern, "\"" + seg + "\" mixes text and braces (expected: {name} as a whole segment)");
      } else if (seg.indexOf('*') >= 0) {
        throw invalid(pattern, "\"" + seg + "\": \"*\" is only allowed as a last segment \"**\"");
      } else if (seg.isEmpty() && !last) {
        throw invalid(pattern, "empty segment \"//\" (expected: single slashes)");
      } else {
        StringBuilder sb = new StringBuilder(seg.length());
        try {
          PathNormalizer.canonicalSegment(seg, 0, seg.length(), true, sb);
        } catch (InvalidPathException e) {
          throw invalid(pattern, "segment \"" + seg + "\": " + e.getMessage());
        }
        String canonical = sb.toString();
        if (canonical.equals(".") || canonical.equals("..")) {
          throw invalid(pattern, "dot segment \"" + seg + "\" (expected: no \".\" or \"..\" segments)");
        }
        kinds[i] = LITERAL;
        texts[i] = canonical;
      }
    }
    return new PathPattern(pattern, kinds, texts);
  }

  private static InvalidPatternException invalid(String pattern, String what) {
    return new InvalidPatternException("\"" + pattern + "\": " + what);
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Path specificity, for two patterns that match the same path: segment by segment from the left,
   * literal beats param beats {@code **}; where one pattern ends and the other has {@code **}, the one
   * that ended (the exact match) wins. Positive when {@code a} is more specific.
   */
  /** The names this pattern captures, in order: its {name} segments, then "**" for a prefix pattern. */
  List<String> captureNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == PARAM) {
        names.add(texts[i]);
      } else if (kinds[i] == CATCH_ALL) {
        names.add(REMAINDER);
      }
    }
    return names;
  }

  static int compareSpecificity(PathPattern a, PathPattern b) {
    int n = Math.max(a.kinds.length, b.kinds.length);
    for (int i = 0; i < n; i++) {
      int ka = i < a.kinds.length ? a.kinds[i] : END;
      int kb = i < b.kinds.length ? b.kinds[i] : END;
      if (ka != kb) {
        return ka - kb;
      }
    }
    return 0;
  }

  /** Captures of this pattern on {@code path}, which it is known to match. */
  Map<String, String> extract(String path) {
    if (!capturing) {
      return Map.of();
    }
    Map<String, String> params = new HashMap<>(4);
    int len = path.length();
    int start = 1;
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == CATCH_ALL) {
        params.put(REMAINDER, start > len ? "" : path.substring(start));
        break;
      }
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = len;
      }
      if (kinds[i] == PARAM) {
        params.put(texts[i], PercentDecoder.decode(path, start, end));
      }
      start = end + 1;
    }
    return Map.copyOf(params);
  }

  @Override
  public String toString() {
    return source;
  }
}
