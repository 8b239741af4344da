package dev.portico.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code identityHeaders}. Names must be distinct as servers compare them: ignoring case,
 * and with {@code _} the same as {@code -} (CGI-style servers map both to {@code HTTP_X_USER_ID}).
 */
final class IdentityHeadersBinder {
  static final List<String> KEYS = List.of("subject", "tenant", "consumer", "plan", "scopes", "claims");
  static final String HEADER_EXPECTED = "a header name like X-User-Id";

  /** Headers the gateway manages or forwards for its own reasons: stripping them would break requests. */
  private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
      "connection", "keep-alive", "te", "trailer", "upgrade", "proxy-connection", "proxy-authorization",
      "proxy-authenticate", "http2-settings", "expect", "forwarded", "x-forwarded-for", "x-forwarded-proto",
      "x-forwarded-host", "x-forwarded-port", "x-real-ip", "x-request-id", "authorization", "cookie", "origin");

  private record Named(String path, String name, boolean written) {}

  private final ValueReader reader;

  IdentityHeadersBinder(ValueReader reader) {
    this.reader = reader;
  }

  IdentityHeadersConfig bind(Fields f) {
    int errorsBefore = reader.errorCount();
    List<Named> named = new ArrayList<>();
    String subject = header(f, "subject", IdentityHeadersConfig.DEFAULT_SUBJECT, named);
    String tenant = header(f, "tenant", IdentityHeadersConfig.DEFAULT_TENANT, named);
    String consumer = header(f, "consumer", IdentityHeadersConfig.DEFAULT_CONSUMER, named);
    String plan = header(f, "plan", IdentityHeadersConfig.DEFAULT_PLAN, named);
    String scopes = header(f, "scopes", IdentityHeadersConfig.DEFAULT_SCOPES, named);
    Map<String, String> claims = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries("claims", "a mapping of JWT claim names to header names")) {
      String path = f.path("claims") + "." + e.key();
      String name = reader.parse(e.value(), path, HEADER_EXPECTED, IdentityHeadersBinder::headerName);
      if (name != null) {
        claims.put(e.key(), name);
        named.add(new Named(path, name, true));
      }
    }
    if (reader.errorCount() == errorsBefore) {
      checkDistinct(named);
    }
    return reader.errorCount() == errorsBefore
        ? new IdentityHeadersConfig(subject, tenant, consumer, plan, scopes, claims)
        : IdentityHeadersConfig.ofDefault();
  }

  private String header(Fields f, String key, String dflt, List<Named> named) {
    String name = f.get(key, dflt, HEADER_EXPECTED, IdentityHeadersBinder::headerName);
    named.add(new Named(f.path(key), name, f.has(key)));
    return name;
  }

  private void checkDistinct(List<Named> named) {
    Map<String, Named> seen = new HashMap<>();
    for (Named n : named) {
      String canonical = canonical(n.name());
      if (RESERVED.contains(canonical)) {
        reader.error(reader.sourceMap().errorAt(n.path(), Quote.of(n.name())
            + " is a header the gateway or the upstream needs as sent (expected: a header name of your own)"));
        continue;
      }
      Named first = seen.putIfAbsent(canonical, n);
      if (first != null) {
        // Report at the one that was written: a default clashing with a written name is the written one's fault.
        Named at = n.written() ? n : first;
        Named other = at == n ? first : n;
        reader.error(reader.sourceMap().errorAt(at.path(), Quote.of(at.name()) + " is the same header as "
            + other.path() + " (expected: distinct names, compared ignoring case, '-' and '_')"));
      }
    }
  }

  /** Lower case with {@code _} as {@code -}: the spelling every variant of a name maps to. */
  static String canonical(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String headerName(String s) {
    if (!HttpTokens.isToken(s)) {
      throw ValueReader.invalid(s, HEADER_EXPECTED);
    }
    return s;
  }
}
