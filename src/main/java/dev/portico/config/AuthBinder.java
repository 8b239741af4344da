package dev.portico.config;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Binds the top-level {@code auth} section (JWT issuers, API key location, tenants) and each route's {@code auth}
 * section, then checks that routes name issuers that exist. Every security-relevant mistake is a config error with
 * its position: {@code none}, HMAC beside public keys, weak keys and secrets never reach the runtime.
 */
final class AuthBinder {

  static final List<String> AUTH_KEYS = List.of("jwt", "apiKeys", "tenant");
  static final List<String> ISSUER_KEYS = List.of("issuer", "audiences", "jwks", "keys", "secret", "algorithms",
      "clockSkew", "requiredClaims", "scopeClaims", "jwksRefresh", "jwksMinRefetchInterval", "unknownKidTtl",
      "maxTokenSize");
  static final List<String> KEY_KEYS = List.of("pem", "pemFile", "jwk", "kid");
  static final List<String> API_KEYS_KEYS = List.of("header", "queryParameter");
  static final List<String> TENANT_KEYS = List.of("claim", "subdomainOf");
  static final List<String> ROUTE_KEYS = List.of("jwt", "apiKey", "mtls", "scopes", "tokenFrom", "optional");
  static final List<String> ROUTE_API_KEY_KEYS = List.of("query");
  static final List<String> SCOPES_KEYS = List.of("allOf", "anyOf");
  static final List<String> TOKEN_FROM_KEYS = List.of("cookie", "query");

  static final String JWKS_EXPECTED = "an https:// URL (http:// only to 127.0.0.1, ::1 or localhost)";
  static final String ISSUER_EXPECTED = "the exact iss value of the issuer's tokens, e.g. https://id.example.com";
  static final String CLAIM_EXPECTED = "a claim name";
  static final String SCOPE_EXPECTED = "a scope or role name without spaces";
  static final String ASYMMETRIC_EXPECTED = String.join(", ", PublicKeys.RSA_ALGORITHMS) + ", "
      + String.join(", ", PublicKeys.EC_ALGORITHMS);
  static final int MIN_SECRET_BYTES = 32;
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

  private final ValueReader reader;
  /** Every issuer declared, including ones with errors, so that routes naming them are not reported again. */
  private final Set<String> issuerNames = new LinkedHashSet<>();

  AuthBinder(ValueReader reader) {
    this.reader = reader;
  }

  AuthConfig auth(Fields f) {
    Map<String, JwtIssuerConfig> issuers = new LinkedHashMap<>();
    for (ValueReader.Entry e : f.entries("jwt", "a mapping of issuer names to issuers")) {
      String path = f.path("jwt") + "." + e.key();
      issuerNames.add(e.key());
      if (!Binder.NAME.matcher(e.key()).matches()) {
        reader.error(e.keyNode(), path, Quote.of(e.key()) + " (expected: " + Binder.NAME_EXPECTED + ")");
      }
      JwtIssuerConfig issuer = issuer(e.key(), reader.fields(e.value(), path, ISSUER_KEYS));
      if (issuer != null) {
        issuers.put(e.key(), issuer);
      }
    }
    Fields keys = f.fields("apiKeys", API_KEYS_KEYS);
    ApiKeysConfig apiKeys = new ApiKeysConfig(
        keys.get("header", ApiKeysConfig.DEFAULT_HEADER, "a header name", AuthBinder::headerName),
        keys.string("queryParameter", null, "a query parameter name"));
    TenantConfig tenant = f.has("tenant") ? tenant(f.fields("tenant", TENANT_KEYS)) : null;
    return new AuthConfig(issuers, apiKeys, tenant);
  }

  /** Returns {@code null} if anything in it was invalid. */
  private JwtIssuerConfig issuer(String name, Fields f) {
    int errorsBefore = reader.errorCount();
    if (!f.isMapping()) {
      return null;
    }
    if (f.node() == null || YamlNodes.isNull(f.node())) {
      reader.error(reader.sourceMap().errorAt(f.path(),
          "missing required keys \"issuer\" and \"audiences\", and one of \"jwks\", \"keys\" or \"secret\""));
      return null;
    }
    f.require("issuer", "audiences");
    String issuer = f.string("issuer", null, ISSUER_EXPECTED);
    List<String> audiences = oneOrMany(f, "audiences", "an audience (aud) value", AuthBinder::nonBlank);
    if (f.has("audiences") && audiences.isEmpty() && reader.errorCount() == errorsBefore) {
      reader.error(f.value("audiences"), f.path("audiences"), "empty list (expected: at least one audience)");
    }

    int sources = (f.has("jwks") ? 1 : 0) + (f.has("keys") ? 1 : 0) + (f.has("secret") ? 1 : 0);
    if (sources != 1) {
      reader.error(reader.sourceMap().errorAt(f.path(), (sources == 0 ? "sets none" : "sets more than one")
          + " of jwks, keys and secret (expected: exactly one)"));
    }
    URI jwks = f.get("jwks", null, JWKS_EXPECTED, AuthBinder::jwksUrl);
    List<JWK> keys = f.has("keys") ? keys(f) : List.of();
    String secret = f.has("secret") ? secret(f) : null;
    List<String> algorithms = algorithms(f, jwks != null || !keys.isEmpty() ? keys : null, secret);

    Duration clockSkew = f.get("clockSkew", JwtIssuerConfig.DEFAULT_CLOCK_SKEW,
        Durations.EXPECTED + ", at most 10m", s -> {
          Duration d = Durations.parse(s);
          if (d.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw ValueReader.invalid(s, Durations.EXPECTED + ", at most 10m");
          }
          return d;
        });
    List<String> requiredClaims = f.list("requiredClaims", CLAIM_EXPECTED, AuthBinder::nonBlank);
    List<String> scopeClaims = f.has("scopeClaims")
        ? f.list("scopeClaims", CLAIM_EXPECTED, AuthBinder::nonBlank)
        : JwtIssuerConfig.DEFAULT_SCOPE_CLAIMS;
    Duration refresh = f.duration("jwksRefresh", JwtIssuerConfig.DEFAULT_JWKS_REFRESH, true);
    Duration minRefetch = f.duration("jwksMinRefetchInterval",
        JwtIssuerConfig.DEFAULT_JWKS_MIN_REFETCH_INTERVAL, true);
    Duration unknownKidTtl = f.duration("unknownKidTtl", JwtIssuerConfig.DEFAULT_UNKNOWN_KID_TTL, false);
    if (!f.has("jwks")) {
      for (String key : List.of("jwksRefresh", "jwksMinRefetchInterval", "unknownKidTtl")) {
        if (f.has(key)) {
          reader.error(f.value(key), f.path(key), "only applies to an issuer with jwks");
        }
      }
    } else if (minRefetch.compareTo(refresh) > 0 && f.has("jwksMinRefetchInterval")) {
      reader.error(f.value("jwksMinRefetchInterval"), f.path("jwksMinRefetchInterval"), Quote.of(
          Durations.format(minRefetch)) + " is longer than jwksRefresh " + Durations.format(refresh)
          + " (expected: at most jwksRefresh)");
    }
    int maxTokenSize = f.size("maxTokenSize", (long) JwtIssuerConfig.DEFAULT_MAX_TOKEN_SIZE, Integer.MAX_VALUE)
        .intValue();
    if (reader.errorCount() != errorsBefore) {
      return null;
    }
    return new JwtIssuerConfig(name, issuer, audiences, jwks,
        keys.stream().map(JWK::toJSONString).toList(), secret, algorithms, clockSkew, requiredClaims,
        scopeClaims, refresh, minRefetch, unknownKidTtl, maxTokenSize);
  }

  private List<JWK> keys(Fields f) {
    String listPath = f.path("keys");
    Node node = f.value("keys");
    List<Node> items = reader.items(node, listPath, "keys, each { pem }, { pemFile } or { jwk }");
    if (YamlNodes.isNull(node) || node instanceof SequenceNode seq && seq.getValue().isEmpty()) {
      reader.error(node, listPath, "empty list (expected: at least one key)");
    }
    List<JWK> keys = new ArrayList<>();
    Map<String, Integer> kids = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String path = listPath + "[" + i + "]";
      Fields k = reader.fields(items.get(i), path, KEY_KEYS);
      if (!k.isMapping() || k.node() == null) {
        continue;
      }
      int given = (k.has("pem") ? 1 : 0) + (k.has("pemFile") ? 1 : 0) + (k.has("jwk") ? 1 : 0);
      if (given != 1) {
        reader.error(k.node(), path, (given == 0 ? "sets none" : "sets more than one")
            + " of pem, pemFile and jwk (expected: exactly one)");
        continue;
      }
      String kid = k.string("kid", null, "a key id");
      if (kid != null && k.has("jwk")) {
        reader.error(k.value("kid"), k.path("kid"), "only applies to pem and pemFile (a jwk carries its own kid)");
        continue;
      }
      JWK jwk;
      if (k.has("pem")) {
        jwk = k.get("pem", null, PublicKeys.PEM_EXPECTED, s -> PublicKeys.fromPem(s, kid));
      } else if (k.has("pemFile")) {
        jwk = k.get("pemFile", null, "a readable PEM file", s -> PublicKeys.fromPem(readPem(s), kid));
      } else {
        jwk = jwk(k.value("jwk"), k.path("jwk"));
      }
      if (jwk == null) {
        continue;
      }
      if (jwk.getKeyID() != null) {
        Integer first = kids.putIfAbsent(jwk.getKeyID(), i);
        if (first != null) {
          reader.error(items.get(i), path, "key id " + Quote.of(jwk.getKeyID()) + " is already used by "
              + listPath + "[" + first + "] (expected: distinct key ids)");
          continue;
        }
      }
      keys.add(jwk);
    }
    return keys;
  }

  /** A JWK written as a YAML mapping of its members, or as one JSON string. */
  private JWK jwk(Node node, String path) {
    Map<String, Object> members;
    String shown;
    if (node instanceof MappingNode) {
      Object value = plain(node, path);
      if (!(value instanceof Map<?, ?> map)) {
        return null;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) map;
      members = m;
      shown = "{kty: " + m.get("kty") + (m.get("kid") != null ? ", kid: " + m.get("kid") : "") + "}";
    } else {
      ValueReader.Scalar s = reader.scalar(node, path, PublicKeys.JWK_EXPECTED + " as a mapping or JSON text");
      if (s == null) {
        return null;
      }
      try {
        members = JSONObjectUtils.parse(s.value());
      } catch (java.text.ParseException e) {
        reader.error(node, path, Quote.of(s.raw()) + " (expected: " + PublicKeys.JWK_EXPECTED
            + " as a mapping or JSON text)");
        return null;
      }
      shown = s.raw();
    }
    try {
      return PublicKeys.fromJwk(members, shown);
    } catch (IllegalArgumentException e) {
      reader.error(node, path, e.getMessage());
      return null;
    }
  }

  /** A YAML value as JSON-like Java values; scalars stay strings, as JWK members are. */
  private Object plain(Node node, String path) {
    if (node instanceof MappingNode) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (ValueReader.Entry e : reader.entries(node, path, "a mapping")) {
        Object v = plain(e.value(), ValueReader.child(path, e.key()));
        if (v != null) {
          out.put(e.key(), v);
        }
      }
      return out;
    }
    if (node instanceof SequenceNode) {
      List<Object> out = new ArrayList<>();
      List<Node> items = reader.items(node, path, "values");
      for (int i = 0; i < items.size(); i++) {
        Object v = plain(items.get(i), path + "[" + i + "]");
        if (v != null) {
          out.add(v);
        }
      }
      return out;
    }
    ValueReader.Scalar s = reader.scalar(node, path, "a value");
    return s == null ? null : s.value();
  }

  /** Read here, at load time (a worker thread or boot), never on an event loop. */
  private String readPem(String file) {
    Path path = Path.of(file);
    if (!path.isAbsolute()) {
      Path configDir = Path.of(reader.sourceMap().file()).toAbsolutePath().getParent();
      path = configDir == null ? path : configDir.resolve(path);
    }
    try {
      if (Files.size(path) > 1024 * 1024) {
        throw new IllegalArgumentException(Quote.of(file) + " is larger than 1MiB (expected: a PEM file)");
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(Quote.of(file) + " cannot be read: " + e.getClass().getSimpleName()
          + " (expected: a readable PEM file)");
    }
  }

  /** The secret is never shown in a message, not even as written: it may be written inline. */
  private String secret(Fields f) {
    String expected = "a secret of at least " + MIN_SECRET_BYTES + " bytes, e.g. ${JWT_SECRET}";
    ValueReader.Scalar s = reader.scalar(f.value("secret"), f.path("secret"), expected);
    if (s == null) {
      return null;
    }
    int bytes = s.value().getBytes(StandardCharsets.UTF_8).length;
    if (bytes < MIN_SECRET_BYTES) {
      reader.error(f.value("secret"), f.path("secret"), "the secret is " + bytes + " bytes long (expected: "
          + expected + ")");
      return null;
    }
    return s.value();
  }

  /**
   * The accepted algorithms, checked against the issuer's keys: HMAC only with a secret, asymmetric only with public
   * keys, each algorithm verifiable by some key.
   *
   * @param keys the static keys, an empty list for a JWKS issuer, or {@code null} for a secret
   */
  private List<String> algorithms(Fields f, List<JWK> keys, String secret) {
    boolean hmac = f.has("secret");
    int secretBytes = secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
    if (!f.has("algorithms")) {
      List<String> defaults = new ArrayList<>();
      if (hmac) {
        PublicKeys.HMAC_ALGORITHMS.stream().filter(a -> PublicKeys.minSecretBytes(a) <= Math.max(secretBytes,
            MIN_SECRET_BYTES)).forEach(defaults::add);
      } else if (keys == null || keys.isEmpty()) {
        defaults.addAll(PublicKeys.RSA_ALGORITHMS);
        defaults.addAll(PublicKeys.EC_ALGORITHMS);
      } else {
        keys.forEach(k -> PublicKeys.algorithmsFor(k).stream().filter(a -> !defaults.contains(a))
            .forEach(defaults::add));
      }
      return defaults;
    }
    String listPath = f.path("algorithms");
    String expected = String.join(", ", PublicKeys.supported());
    Node node = f.value("algorithms");
    List<Node> items = reader.items(node, listPath, "algorithms such as RS256");
    if (YamlNodes.isNull(node) || node instanceof SequenceNode seq && seq.getValue().isEmpty()) {
      reader.error(node, listPath, "empty list (expected: at least one of " + expected + ")");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String path = listPath + "[" + i + "]";
      String alg = reader.parse(item, path, expected, AuthBinder::algorithm);
      if (alg == null || out.contains(alg)) {
        continue;
      }
      boolean isHmac = alg.startsWith("HS");
      if (isHmac && !hmac) {
        reader.error(item, path, Quote.of(alg) + " cannot be used with public keys (expected: one of "
            + ASYMMETRIC_EXPECTED + "; with HMAC anyone holding the public key could sign tokens)");
      } else if (!isHmac && hmac) {
        reader.error(item, path, Quote.of(alg)
            + " needs a public key, but this issuer has a secret (expected: HS256, HS384 or HS512)");
      } else if (isHmac && secret != null && secretBytes < PublicKeys.minSecretBytes(alg)) {
        reader.error(item, path, Quote.of(alg) + " needs a secret of at least " + PublicKeys.minSecretBytes(alg)
            + " bytes (the secret is " + secretBytes + ")");
      } else if (!isHmac && keys != null && !keys.isEmpty()
          && keys.stream().noneMatch(k -> PublicKeys.algorithmsFor(k).contains(alg))) {
        List<String> possible = new ArrayList<>();
        keys.forEach(k -> PublicKeys.algorithmsFor(k).stream().filter(a -> !possible.contains(a))
            .forEach(possible::add));
        reader.error(item, path, Quote.of(alg) + " cannot be verified by any of the keys (expected: one of "
            + String.join(", ", possible) + ")");
      } else {
        out.add(alg);
      }
    }
    return out;
  }

  private TenantConfig tenant(Fields f) {
    if (!f.isMapping()) {
      return null;
    }
    String claim = f.string("claim", null, CLAIM_EXPECTED);
    String domain = f.get("subdomainOf", null, "a domain like example.com", AuthBinder::domain);
    if (f.has("claim") == f.has("subdomainOf")) {
      reader.error(reader.sourceMap().errorAt(f.path(), (f.has("claim") ? "sets both" : "sets neither")
          + " claim and subdomainOf (expected: exactly one of them)"));
      return null;
    }
    return claim == null && domain == null ? null : new TenantConfig(claim, domain);
  }

  /** A route's {@code auth}; {@code null} after an error (the config is then refused anyway). */
  RouteAuthConfig route(Fields f) {
    int errorsBefore = reader.errorCount();
    if (!f.isMapping()) {
      return null;
    }
    if (f.node() == null || YamlNodes.isNull(f.node())) {
      reader.error(reader.sourceMap().errorAt(f.path(),
          "missing value (expected: a mapping with at least one of jwt, apiKey: true, mtls: true)"));
      return null;
    }
    List<String> jwt = oneOrMany(f, "jwt", "an issuer name from auth.jwt", Binder::name);
    if (f.has("jwt") && jwt.isEmpty() && reader.errorCount() == errorsBefore) {
      reader.error(f.value("jwt"), f.path("jwt"), "empty list (expected: at least one issuer name)");
    }
    boolean apiKey = false;
    boolean apiKeyFromQuery = false;
    if (f.value("apiKey") instanceof MappingNode) {
      apiKey = true;
      apiKeyFromQuery = f.fields("apiKey", ROUTE_API_KEY_KEYS).bool("query", false);
    } else {
      apiKey = f.bool("apiKey", false);
    }
    boolean mtls = f.bool("mtls", false);

    List<String> allOf = List.of();
    List<String> anyOf = List.of();
    if (f.has("scopes")) {
      Node scopes = f.value("scopes");
      if (scopes instanceof MappingNode) {
        Fields s = f.fields("scopes", SCOPES_KEYS);
        allOf = s.list("allOf", SCOPE_EXPECTED, AuthBinder::scope);
        anyOf = s.list("anyOf", SCOPE_EXPECTED, AuthBinder::scope);
        if (!s.has("allOf") && !s.has("anyOf")) {
          reader.error(scopes, f.path("scopes"), "sets neither allOf nor anyOf (expected: at least one of them)");
        }
      } else if (scopes instanceof SequenceNode || YamlNodes.isNull(scopes)) {
        allOf = f.list("scopes", SCOPE_EXPECTED, AuthBinder::scope);
      } else {
        reader.error(scopes, f.path("scopes"), YamlNodes.describe(scopes)
            + " (expected: a list of scopes that must all be granted, or { allOf: [..], anyOf: [..] })");
      }
      if (allOf.isEmpty() && anyOf.isEmpty() && reader.errorCount() == errorsBefore) {
        reader.error(scopes, f.path("scopes"), "no scopes (expected: at least one scope or role)");
      }
    }

    Fields from = f.fields("tokenFrom", TOKEN_FROM_KEYS);
    String cookie = from.get("cookie", null, "a cookie name", AuthBinder::headerName);
    String query = from.string("query", null, "a query parameter name");
    if (f.has("tokenFrom") && jwt.isEmpty() && !f.has("jwt")) {
      reader.error(f.value("tokenFrom"), f.path("tokenFrom"), "only applies to a route with jwt");
    }
    boolean optional = f.bool("optional", false);
    if (optional && f.has("scopes")) {
      reader.error(f.value("optional"), f.path("optional"),
          "cannot be combined with scopes (expected: optional: false, or no scopes)");
    }
    if (!f.has("jwt") && !apiKey && !mtls && reader.errorCount() == errorsBefore) {
      reader.error(reader.sourceMap().errorAt(f.path(),
          "accepts no credential (expected: at least one of jwt, apiKey: true, mtls: true)"));
    }
    if (reader.errorCount() != errorsBefore) {
      return null;
    }
    return new RouteAuthConfig(jwt, apiKey, apiKeyFromQuery, mtls, allOf, anyOf, cookie, query, optional);
  }

  /** The pass after binding: routes name declared issuers, and query API keys have a parameter to come from. */
  void checkRoutes(List<RouteConfig> routes, AuthConfig auth) {
    SourceMap source = reader.sourceMap();
    for (int i = 0; i < routes.size(); i++) {
      RouteAuthConfig ra = routes.get(i).auth();
      if (ra == null) {
        continue;
      }
      String path = "routes[" + i + "].auth";
      for (int j = 0; j < ra.jwt().size(); j++) {
        String name = ra.jwt().get(j);
        if (!issuerNames.contains(name)) {
          String at = path + ".jwt" + (ra.jwt().size() > 1 ? "[" + j + "]" : "");
          String hint = issuerNames.isEmpty()
              ? "(no issuers are defined in auth.jwt)"
              : EditDistance.suggestion(name, issuerNames);
          reader.error(source.errorAt(at, Quote.of(name) + " is not a defined issuer " + hint));
        }
      }
      if (ra.apiKeyFromQuery() && auth.apiKeys().queryParameter() == null) {
        reader.error(source.errorAt(path + ".apiKey.query",
            "true needs auth.apiKeys.queryParameter (expected: the parameter name set there, or query: false)"));
      }
    }
  }

  /** A scalar or a list of scalars, each parsed. */
  private <T> List<T> oneOrMany(Fields f, String key, String expected, Function<String, T> parser) {
    if (!f.has(key)) {
      return List.of();
    }
    Node node = f.value(key);
    if (node instanceof ScalarNode && !YamlNodes.isNull(node)) {
      T v = reader.parse(node, f.path(key), expected, parser);
      return v == null ? List.of() : List.of(v);
    }
    return f.list(key, expected, parser);
  }

  static String algorithm(String s) {
    String alg = s.strip();
    if (alg.equalsIgnoreCase("none")) {
      throw new IllegalArgumentException(Quote.of(s) + " is never accepted (expected: one of "
          + String.join(", ", PublicKeys.supported()) + ")");
    }
    String upper = alg.toUpperCase(Locale.ROOT);
    if (!PublicKeys.supported().contains(upper)) {
      throw ValueReader.invalid(s, "one of " + String.join(", ", PublicKeys.supported()));
    }
    return upper;
  }

  static URI jwksUrl(String s) {
    URI uri;
    try {
      uri = new URI(s.strip());
    } catch (URISyntaxException e) {
      throw ValueReader.invalid(s, JWKS_EXPECTED);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    boolean loopback = host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
        || host.startsWith("127.") && IpLiterals.parse(host) != null;
    boolean ok = (scheme.equals("https") || scheme.equals("http") && loopback) && !host.isEmpty()
        && uri.getRawUserInfo() == null && uri.getRawFragment() == null && uri.getPort() <= 65535;
    if (!ok) {
      throw ValueReader.invalid(s, JWKS_EXPECTED);
    }
    return uri;
  }

  static String headerName(String s) {
    if (!HttpTokens.isToken(s)) {
      throw ValueReader.invalid(s, "a header or cookie name (letters, digits and !#$%&'*+-.^_`|~)");
    }
    return s;
  }

  static String nonBlank(String s) {
    if (s.isBlank()) {
      throw ValueReader.invalid(s, "a non-empty value");
    }
    return s;
  }

  static String scope(String s) {
    if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw ValueReader.invalid(s, SCOPE_EXPECTED);
    }
    return s;
  }

  static String domain(String s) {
    String d = s.strip().toLowerCase(Locale.ROOT);
    if (d.startsWith("*.") || d.startsWith(".")) {
      throw ValueReader.invalid(s, "a domain like example.com");
    }
    try {
      return Binder.hostPattern(d);
    } catch (IllegalArgumentException e) {
      throw ValueReader.invalid(s, "a domain like example.com");
    }
  }
}
