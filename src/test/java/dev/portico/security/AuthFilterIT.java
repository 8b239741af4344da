package dev.portico.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.config.ApiKeysConfig;
import dev.portico.config.AuthConfig;
import dev.portico.config.JwtIssuerConfig;
import dev.portico.config.RouteAuthConfig;
import dev.portico.config.TenantConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.error.ProblemMapper;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import dev.portico.pipeline.Handler;
import dev.portico.security.jwt.JwtIssuers;
import dev.portico.security.revocation.InMemoryRevocationList;
import dev.portico.server.ProblemResponder;
import dev.portico.testing.Http;
import dev.portico.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The auth filter's branches on real sockets, in front of a handler that answers with the identity it was given:
 * API keys (through a small authenticator over a fixed key list, standing in for the consumer directory), client
 * certificates on a TLS server with client authentication, tenants, optional routes and the identity of a token.
 */
class AuthFilterIT {
  private static final String ISSUER_NAME = "main";
  private static Vertx vertx;
  private static RSAKey key;
  private static AuthFilters filters;
  private static AuthFilters withoutAuthenticator;

  /** API keys from a fixed list; the real one stores hashes and compares in constant time. */
  static final class FixedApiKeys implements ApiKeyAuthenticator {
    private final Map<String, Identity> keys;

    FixedApiKeys(Map<String, Identity> keys) {
      this.keys = keys;
    }

    @Override
    public Identity authenticate(Exchange exchange, boolean queryAllowed) {
      List<String> headers = exchange.request().headers().getAll("X-API-Key");
      String fromQuery = queryAllowed ? exchange.request().getParam("api_key") : null;
      if (headers.size() + (fromQuery == null ? 0 : 1) > 1) {
        throw new GatewayException(ErrorCode.UNAUTHENTICATED, "The request carries more than one API key.");
      }
      String presented = headers.isEmpty() ? fromQuery : headers.get(0);
      if (presented == null) {
        return null;
      }
      Identity identity = keys.get(presented);
      if (identity == null) {
        throw new GatewayException(ErrorCode.UNAUTHENTICATED, "The API key is not valid.");
      }
      return identity;
    }
  }

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    key = TestTokens.rsa("k1");
    JwtIssuerConfig issuer = new JwtIssuerConfig(ISSUER_NAME, TestTokens.ISSUER, List.of(TestTokens.AUDIENCE), null,
        List.of(key.toPublicJWK().toJSONString()), null, List.of("RS256"), Duration.ofSeconds(30), List.of(),
        List.of("scope", "realm_access.roles"), Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMinutes(1),
        8192);
    AuthConfig auth = new AuthConfig(Map.of(ISSUER_NAME, issuer), new ApiKeysConfig("X-API-Key", "api_key"),
        new TenantConfig(null, "example.com"));
    var verifiers = JwtIssuers.compileOnly().prepare(auth.jwt());
    ApiKeyAuthenticator apiKeys = new FixedApiKeys(Map.of(
        "key-mobile", new Identity("apiKey", "mobile-app", "mobile-app", "acme", "gold", Set.of("orders:read"),
            Map.of()),
        "key-partner", new Identity("apiKey", "partner", "partner", null, "silver", Set.of(), Map.of())));
    filters = new AuthFilters(auth, verifiers, apiKeys, new InMemoryRevocationList());
    withoutAuthenticator = new AuthFilters(auth, verifiers, null, new InMemoryRevocationList());
  }

  @AfterAll
  static void tearDown() {
    vertx.close();
  }

  static RouteAuthConfig route(List<String> jwt, boolean apiKey, boolean apiKeyFromQuery, boolean mtls,
      List<String> allOf, boolean optional) {
    return new RouteAuthConfig(jwt, apiKey, apiKeyFromQuery, mtls, allOf, List.of(), null, null, optional);
  }

  /** A server running {@code filter} in front of a handler that answers with the identity as JSON. */
  static HttpServer serve(HttpServerOptions options, Filter filter) {
    HttpServer server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0)).requestHandler(request -> {
      String ip = request.remoteAddress().hostAddress();
      Exchange exchange = new Exchange(request, "req-1", ip, ip, false, request.path(), System.nanoTime(), null);
      Chain chain = Chain.of(List.of(filter), new IdentityEcho());
      chain.next(exchange).onFailure(e -> ProblemResponder.respond(request, ProblemMapper.map(e), "req-1", null));
    });
    await(server.listen());
    return server;
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String url(HttpServer server, String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  @Test
  void apiKey_authenticatesTheConsumer() {
    HttpServer server = serve(new HttpServerOptions(), filters.forRoute(route(List.of(), true, false, false,
        List.of(), false)));
    HttpResponse<String> ok = Http.get(url(server, "/x"), "X-API-Key", "key-mobile");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getMap()).containsEntry("method", "apiKey")
        .containsEntry("consumer", "mobile-app").containsEntry("tenant", "acme").containsEntry("plan", "gold");

    HttpResponse<String> unknown = Http.get(url(server, "/x"), "X-API-Key", "key-stolen");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(unknown.body()).getString("detail")).isEqualTo("The API key is not valid.");
    assertThat(unknown.headers().allValues("WWW-Authenticate")).containsExactly("ApiKey realm=\"portico\"");

    HttpResponse<String> none = Http.get(url(server, "/x"));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("ApiKey realm=\"portico\"");
    await(server.close());
  }

  @Test
  void apiKeyInTheQuery_onlyWhereTheRouteAllowsIt() {
    HttpServer strict = serve(new HttpServerOptions(), filters.forRoute(route(List.of(), true, false, false,
        List.of(), false)));
    HttpServer lenient = serve(new HttpServerOptions(), filters.forRoute(route(List.of(), true, true, false,
        List.of(), false)));
    assertThat(Http.get(url(strict, "/x?api_key=key-mobile")).statusCode()).isEqualTo(401);
    assertThat(Http.get(url(lenient, "/x?api_key=key-mobile")).statusCode()).isEqualTo(200);
    assertThat(Http.get(url(lenient, "/x?api_key=key-mobile"), "X-API-Key", "key-mobile").statusCode())
        .isEqualTo(401);
    await(strict.close());
    await(lenient.close());
  }

  @Test
  void apiKey_getsTheTenantOfItsHost_whenItsConsumerHasNone() {
    HttpServer server = serve(new HttpServerOptions(), filters.forRoute(route(List.of(), true, false, false,
        List.of(), false)));
    String raw = rawGet(server, "/x", "Host: globex.example.com\r\nX-API-Key: key-partner\r\n");
    assertThat(raw).contains("\"tenant\":\"globex\"");
    String nested = rawGet(server, "/x", "Host: a.globex.example.com\r\nX-API-Key: key-partner\r\n");
    assertThat(nested).contains("\"tenant\":null");
    await(server.close());
  }

  private static String rawGet(HttpServer server, String path, String headers) {
    try {
      return dev.portico.testing.RawHttp.exchange(server.actualPort(),
          "GET " + path + " HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n", 5000);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void withoutAnAuthenticator_presentedKeysAreRefused_neverIgnored() {
    HttpServer server = serve(new HttpServerOptions(), withoutAuthenticator.forRoute(route(List.of(), true, false,
        false, List.of(), true)));
    HttpResponse<String> key = Http.get(url(server, "/x"), "X-API-Key", "key-mobile");
    assertThat(key.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(key.body()).getString("detail"))
        .isEqualTo("API keys are not accepted: no consumers are configured.");
    assertThat(Http.get(url(server, "/x")).body()).isEqualTo("{\"anonymous\":true}");
    await(server.close());
  }

  @Test
  void bearerTokenComesFirst_andABadOneIsNotSkippedForAnApiKey() {
    HttpServer server = serve(new HttpServerOptions(), filters.forRoute(route(List.of(ISSUER_NAME), true, false,
        false, List.of(), false)));
    String forged = TestTokens.sign(TestTokens.claims().build(), TestTokens.rsa("k1"));
    HttpResponse<String> bad = Http.get(url(server, "/x"), "Authorization", "Bearer " + forged,
        "X-API-Key", "key-mobile");
    assertThat(bad.statusCode()).isEqualTo(401);
    HttpResponse<String> keyOnly = Http.get(url(server, "/x"), "X-API-Key", "key-mobile");
    assertThat(new JsonObject(keyOnly.body()).getString("method")).isEqualTo("apiKey");
    HttpResponse<String> none = Http.get(url(server, "/x"));
    assertThat(none.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"portico\", ApiKey realm=\"portico\"");
    await(server.close());
  }

  @Test
  void tokenIdentity_hasSubjectScopesRolesAndTenantFromTheHost() {
    HttpServer server = serve(new HttpServerOptions(), filters.forRoute(route(List.of(ISSUER_NAME), false, false,
        false, List.of("orders:read", "admin"), false)));
    String token = TestTokens.sign(TestTokens.claims().subject("alice").claim("scope", "orders:read profile")
        .claim("realm_access", Map.of("roles", List.of("admin"))).claim("nickname", null).build(), key);
    String raw = rawGet(server, "/x", "Host: acme.example.com\r\nAuthorization: Bearer " + token + "\r\n");
    assertThat(raw).startsWith("HTTP/1.1 200");
    JsonObject identity = new JsonObject(raw.substring(raw.indexOf("\r\n\r\n") + 4));
    assertThat(identity.getString("method")).isEqualTo("jwt");
    assertThat(identity.getString("subject")).isEqualTo("alice");
    assertThat(identity.getString("tenant")).isEqualTo("acme");
    assertThat(identity.getJsonArray("scopes").getList()).containsExactly("admin", "orders:read", "profile");

    String clientToken = TestTokens.sign(TestTokens.claims().subject(null).claim("client_id", "billing-job")
        .claim("scope", "orders:read").claim("realm_access", Map.of("roles", List.of("admin"))).build(), key);
    assertThat(new JsonObject(Http.get(url(server, "/x"), "Authorization", "Bearer " + clientToken).body())
        .getString("subject")).isEqualTo("billing-job");
    await(server.close());
  }

  @Test
  void apiKeyIdentity_withoutTheScope_isForbidden_withoutABearerChallenge() {
    HttpServer server = serve(new HttpServerOptions(), filters.forRoute(route(List.of(), true, false, false,
        List.of("orders:write"), false)));
    HttpResponse<String> response = Http.get(url(server, "/x"), "X-API-Key", "key-mobile");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    await(server.close());
  }

  @Test
  void optionalRoute_letsAnonymousRequestsThrough_butNotBadTokens() {
    HttpServer server = serve(new HttpServerOptions(), filters.forRoute(route(List.of(ISSUER_NAME), false, false,
        false, List.of(), true)));
    assertThat(Http.get(url(server, "/x")).body()).isEqualTo("{\"anonymous\":true}");
    assertThat(Http.get(url(server, "/x"), "Authorization", "Bearer nonsense").statusCode()).isEqualTo(401);
    await(server.close());
  }

  @Test
  void clientCertificate_verifiedByTheListener_authenticates() {
    TestCertificates.Issued ca = TestCertificates.authority("CN=Test CA");
    TestCertificates.Issued serverCert = TestCertificates.issue(ca, "CN=gateway", true);
    TestCertificates.Issued client = TestCertificates.issue(ca, "O=Example,CN=billing", false);
    HttpServerOptions tls = new HttpServerOptions().setSsl(true).setClientAuth(ClientAuth.REQUEST)
        .setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(serverCert.certPem()))
            .addKeyValue(Buffer.buffer(serverCert.keyPem())))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca.certPem())));
    HttpServer server = serve(tls, filters.forRoute(route(List.of(), false, false, true, List.of(), false)));
    HttpServer plain = serve(new HttpServerOptions(), filters.forRoute(route(List.of(), false, false, true,
        List.of(), false)));

    HttpClientOptions trustingCa = new HttpClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca.certPem())));
    var withCert = vertx.createHttpClient(new HttpClientOptions(trustingCa).setKeyCertOptions(new PemKeyCertOptions()
        .addCertValue(Buffer.buffer(client.certPem())).addKeyValue(Buffer.buffer(client.keyPem()))));
    var withoutCert = vertx.createHttpClient(trustingCa);

    JsonObject identity = new JsonObject(await(withCert.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/x")
        .compose(r -> r.send()).compose(r -> r.body())).toString());
    assertThat(identity.getString("method")).isEqualTo("mtls");
    assertThat(identity.getString("subject")).isEqualTo("CN=billing,O=Example");

    var refused = await(withoutCert.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/x")
        .compose(r -> r.send()));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getHeader("WWW-Authenticate")).isNull();
    assertThat(Http.get(url(plain, "/x")).statusCode()).isEqualTo(401);
    await(server.close());
    await(plain.close());
  }

  /** The end of the test chain: answers with the identity the filter established, as JSON. */
  static final class IdentityEcho implements Handler {
    @Override
    public Future<Void> handle(Exchange ex) {
      Identity id = ex.get(Identity.KEY);
      JsonObject body = id == null ? new JsonObject().put("anonymous", true) : new JsonObject()
          .put("method", id.method()).put("subject", id.subject()).put("consumer", id.consumer())
          .put("tenant", id.tenant()).put("plan", id.plan())
          .put("scopes", new JsonArray(List.copyOf(new TreeSet<>(id.scopes()))))
          .put("claims", id.claims().keySet().size());
      return ex.response().end(body.encode());
    }

    @Override
    public String name() {
      return "identity-echo";
    }
  }
}
