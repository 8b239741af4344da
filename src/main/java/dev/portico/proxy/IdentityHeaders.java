package dev.portico.proxy;

import dev.portico.config.IdentityHeadersConfig;
import dev.portico.security.Identity;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The headers that tell upstreams who a request was verified to come from, compiled once per
 * config snapshot.
 *
 * <p>Upstreams trust these headers, so a client must never be able to set them: on every route,
 * public ones included, any client header whose name matches one of them is dropped while the
 * request headers are copied, ignoring case and treating {@code _} as {@code -} (nginx, CGI and
 * several frameworks read {@code X_User_Id} as {@code X-User-Id}). The gateway's values are set
 * after that copy, so a client listing them in {@code Connection} cannot remove them.
 *
 * <p>Values are percent-encoded (UTF-8) outside visible ASCII, and {@code %} itself, so no value
 * can carry CR/LF into a header, start or end with a space a parser would trim, or collide with
 * another value: the encoding is one-to-one, and upstreams that need the raw text decode it.
 */
public final class IdentityHeaders {
  private final String subject;
  private final String tenant;
  private final String consumer;
  private final String plan;
  private final String scopes;
  private final List<Map.Entry<String, String>> claims; // claim name, header name
  private final String[] canonicalNames; // lower case, '_' as '-'

  private IdentityHeaders(IdentityHeadersConfig config) {
    this.subject = config.subject();
    this.tenant = config.tenant();
    this.consumer = config.consumer();
    this.plan = config.plan();
    this.scopes = config.scopes();
    this.claims = List.copyOf(config.claims().entrySet());
    this.canonicalNames = config.headerNames().stream()
        .map(n -> n.toLowerCase(Locale.ROOT).replace('_', '-'))
        .distinct()
        .toArray(String[]::new);
  }

  public static IdentityHeaders of(IdentityHeadersConfig config) {
    return new IdentityHeaders(config);
  }

  /**
   * Whether a client header of this name must be dropped. Runs for every request header, so it
   * compares in place, without lower-casing or allocating.
   */
  public boolean isIdentityHeader(String name) {
    for (String canonical : canonicalNames) {
      if (canonical.length() == name.length() && sameCanonical(canonical, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameCanonical(String canonical, String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      } else if (c == '_') {
        c = '-';
      }
      if (c != canonical.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sets the verified identity's headers on the upstream request; nothing when the request is
   * anonymous. Call after the client's headers were copied (and its identity headers dropped).
   */
  public void apply(Identity identity, MultiMap upstream) {
    if (identity == null) {
      return;
    }
    upstream.set(subject, encode(identity.subject(), false));
    if (identity.tenant() != null) {
      upstream.set(tenant, encode(identity.tenant(), false));
    }
    if (identity.consumer() != null) {
      upstream.set(consumer, encode(identity.consumer(), false));
    }
    if (identity.plan() != null) {
      upstream.set(plan, encode(identity.plan(), false));
    }
    if (!identity.scopes().isEmpty()) {
      upstream.set(scopes, joined(new TreeSet<>(identity.scopes()), " "));
    }
    for (Map.Entry<String, String> claim : claims) {
      String value = claimValue(identity.claims().get(claim.getKey()));
      if (value != null) {
        upstream.set(claim.getValue(), value);
      }
    }
  }

  /** Strings, numbers and booleans as text; lists of them comma-separated; anything else omitted. */
  private static String claimValue(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return encode(value.toString(), false);
    }
    if (value instanceof Collection<?> items && !items.isEmpty()) {
      List<String> parts = new ArrayList<>(items.size());
      for (Object item : items) {
        if (!(item instanceof String || item instanceof Number || item instanceof Boolean)) {
          return null;
        }
        parts.add(item.toString());
      }
      return joined(parts, ",");
    }
    return null;
  }

  /** Items encoded with the separator itself escaped, so the list splits back exactly. */
  private static String joined(Collection<String> items, String separator) {
    StringBuilder sb = new StringBuilder();
    for (String item : items) {
      if (sb.length() > 0) {
        sb.append(separator);
      }
      sb.append(encode(item, true));
    }
    return sb.toString();
  }

  /**
   * Percent-encodes UTF-8 bytes outside {@code !}..{@code ~}, {@code %} itself, and in list
   * items also {@code ,}; returns the value itself when nothing needs encoding (the usual case).
   */
  static String encode(String value, boolean listItem) {
    int i = 0;
    while (i < value.length() && isPlain(value.charAt(i), listItem)) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length() + 16).append(value, 0, i);
    for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && isPlain((char) c, listItem)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  private static boolean isPlain(char c, boolean listItem) {
    return c > 0x20 && c < 0x7f && c != '%' && !(listItem && c == ',');
  }
}
