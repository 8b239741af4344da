package dev.portico.proxy;

import dev.portico.config.RewriteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes the upstream path from the normalised request path: unchanged, with a prefix stripped,
 * or from a template whose {@code {name}} parts take the route's path parameters ({@code {**}} takes
 * the remainder of a prefix match). Parameter values are percent-encoded again, so a decoded
 * {@code /} or {@code ?} in a value can never change the upstream path's structure.
 */
public final class PathRewriter {
  private static final PathRewriter IDENTITY = new PathRewriter(null, null);

  private final String stripPrefix;
  private final List<Object> template; // String literals and Param placeholders

  private record Param(String name) {}

  private PathRewriter(String stripPrefix, List<Object> template) {
    this.stripPrefix = stripPrefix;
    this.template = template;
  }

  public static PathRewriter of(RewriteConfig config) {
    if (config == null) {
      return IDENTITY;
    }
    if (config.stripPrefix() != null) {
      String prefix = config.stripPrefix();
      while (prefix.endsWith("/") && prefix.length() > 1) {
        prefix = prefix.substring(0, prefix.length() - 1);
      }
      return new PathRewriter(prefix, null);
    }
    return new PathRewriter(null, parseTemplate(config.path()));
  }

  /**
   * The prefix this rewriter removes from {@code path}, or null when it removes none (no
   * stripPrefix, or a path outside it): what a path in the upstream's namespace must get back.
   */
  public String strippedPrefix(String path) {
    return stripPrefix != null && !stripPrefix.equals("/") && !strip(path).equals(path) ? stripPrefix : null;
  }

  /** The names a template uses, so the compiler can check them against the route's pattern. */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    if (template != null) {
      for (Object part : template) {
        if (part instanceof Param p) {
          names.add(p.name());
        }
      }
    }
    return names;
  }

  private static List<Object> parseTemplate(String path) {
    List<Object> parts = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      int open = path.indexOf('{', i);
      if (open < 0) {
        parts.add(path.substring(i));
        break;
      }
      int close = path.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed \"{\" in rewrite path \"" + path + "\"");
      }
      if (open > i) {
        parts.add(path.substring(i, open));
      }
      parts.add(new Param(path.substring(open + 1, close)));
      i = close + 1;
    }
    return List.copyOf(parts);
  }

  public String rewrite(String path, Map<String, String> params) {
    if (stripPrefix != null) {
      return strip(path);
    }
    if (template == null) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length() + 16);
    for (Object part : template) {
      if (part instanceof Param p) {
        String value = params.getOrDefault(p.name(), "");
        if ("**".equals(p.name())) {
          out.append(value); // the router keeps the remainder in canonical, still-encoded form
        } else {
          appendEncoded(out, value);
        }
      } else {
        out.append((String) part);
      }
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  private String strip(String path) {
    if (!path.startsWith(stripPrefix)) {
      return path;
    }
    int end = stripPrefix.length();
    if (path.length() == end) {
      return "/";
    }
    if (stripPrefix.equals("/")) {
      return path;
    }
    // Only strip on a segment boundary: /api strips /api/x but not /apix.
    return path.charAt(end) == '/' ? path.substring(end) : path;
  }

  private static final String HEX = "0123456789ABCDEF";

  /** Encodes all but unreserved characters, so a decoded value cannot add segments or a query. */
  private static void appendEncoded(StringBuilder out, String value) {
    byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (byte b : bytes) {
      int c = b & 0xff;
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      }
    }
  }
}
