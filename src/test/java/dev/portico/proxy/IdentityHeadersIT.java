package dev.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.ApiKeysConfig;
import dev.portico.config.ConfigLoader;
import dev.portico.config.GatewayConfig;
import dev.portico.observe.GatewayMetrics;
import dev.portico.pipeline.Exchange;
import dev.portico.routing.RequestView;
import dev.portico.runtime.Route;
import dev.portico.runtime.Snapshot;
import dev.portico.runtime.SnapshotCompiler;
import dev.portico.security.Identity;
import dev.portico.security.consumer.ConsumerDirectory;
import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import dev.portico.upstream.UpstreamClients;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Identity headers over real sockets: a client can never send its own, on any route and in any
 * spelling, and cannot strip the gateway's through {@code Connection}.
 */
class IdentityHeadersIT {
  static final String KEY = "ak_live_mobile_0123456789";
  static final List<String> FORGED = List.of(
      "X-User-Id: admin", "x-user-id: admin", "X_USER_ID: admin", "x_User-id: admin",
      "X-Tenant-Id: other", "x_tenant_id: other", "X-Consumer-Id: partner", "X_Consumer_Id: partner",
      "X-Plan: unlimited", "x-plan: unlimited", "X-Scopes: admin:all", "X_SCOPES: admin:all",
      "X-User-Email: ceo@example.com", "x_user_email: ceo@example.com");

  static Vertx vertx;
  static TestUpstream backend;
  static TestGateway gateway;
  static HttpServer authenticating;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    String yaml = """
        identityHeaders: { claims: { email: X-User-Email } }
        consumers:
          - { id: mobile-app, tenant: acme, plan: gold, apiKey: %s, scopes: [orders:read] }
        plans: { gold: { rateLimit: 100/s } }
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: public, match: { path: /public/** }, upstream: backend }
        """.formatted(KEY, backend.url());
    gateway = TestGateway.start(yaml);
    authenticating = startAuthenticatingFront(yaml);
  }

  /**
   * The compiled route behind a stand-in for the authentication filter (another part of the
   * gateway): it authenticates the API key with the consumer directory, puts the identity on the
   * exchange and runs the route's real chain, so the proxy builds the upstream request as it would
   * behind that filter.
   */
  static HttpServer startAuthenticatingFront(String yaml) throws Exception {
    GatewayConfig config = ConfigLoader.parse(yaml, "portico.yaml", name -> null);
    Snapshot snapshot = SnapshotCompiler.forChecking(new GatewayMetrics(), config)
        .compile(config, null, 1);
    ConsumerDirectory directory = ConsumerDirectory.of(ApiKeysConfig.ofDefault(), config.consumers());
    UpstreamClients clients = new UpstreamClients(vertx, 1);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> {
          request.pause();
          Route route = snapshot.routes().match(view(request.path())).value();
          Exchange exchange = new Exchange(request, "req-1", "127.0.0.1", "127.0.0.1", false, request.path(),
              System.nanoTime(), clients);
          exchange.routed(route, Map.of());
          Identity identity = directory.authenticate(exchange, false);
          exchange.set(Identity.KEY, new Identity(identity.method(), identity.subject(), identity.consumer(),
              identity.tenant(), identity.plan(), identity.scopes(), Map.of("email", "ann@example.com")));
          route.chain().next(exchange).onFailure(e -> request.response().setStatusCode(502).end());
        });
    return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    backend.close();
    vertx.close();
  }

  @Test
  void clientSentIdentityHeaders_neverReachTheUpstreamOnAPublicRoute() throws IOException {
    RawHttp.Response response = send(gateway.port(), "/public/x", FORGED);

    assertThat(response.status()).isEqualTo(200);
    assertThat(canonicalNames(backend.last().headers()))
        .doesNotContain("x-user-id", "x-tenant-id", "x-consumer-id", "x-plan", "x-scopes", "x-user-email");
    assertThat(backend.last().headers().get("X-Kept")).isEqualTo("yes");
  }

  @Test
  void theUpstreamSeesTheVerifiedIdentityAndNothingTheClientSent() throws IOException {
    RawHttp.Response response = send(authenticating.actualPort(), "/public/me",
        concat(FORGED, List.of("X-API-Key: " + KEY)));

    assertThat(response.status()).isEqualTo(200);
    MultiMap received = backend.last().headers();
    assertThat(received.getAll("X-User-Id")).containsExactly("mobile-app");
    assertThat(received.getAll("X-Consumer-Id")).containsExactly("mobile-app");
    assertThat(received.getAll("X-Tenant-Id")).containsExactly("acme");
    assertThat(received.getAll("X-Plan")).containsExactly("gold");
    assertThat(received.getAll("X-Scopes")).containsExactly("orders:read");
    assertThat(received.getAll("X-User-Email")).containsExactly("ann@example.com");
    assertThat(received.names()).noneMatch(name -> name.contains("_"));
  }

  @Test
  void connectionHeaderCannotStripTheGatewaysHeaders() throws IOException {
    RawHttp.Response response = send(authenticating.actualPort(), "/public/conn", List.of("X-API-Key: " + KEY,
        "Connection: keep-alive, X-User-Id, X-Tenant-Id, X-Consumer-Id, X-Request-Id, X-Forwarded-For, Host",
        "Connection: X-Scopes, X-Plan"));

    assertThat(response.status()).isEqualTo(200);
    MultiMap received = backend.last().headers();
    assertThat(received.get("X-User-Id")).isEqualTo("mobile-app");
    assertThat(received.get("X-Tenant-Id")).isEqualTo("acme");
    assertThat(received.get("X-Consumer-Id")).isEqualTo("mobile-app");
    assertThat(received.get("X-Plan")).isEqualTo("gold");
    assertThat(received.get("X-Scopes")).isEqualTo("orders:read");
    assertThat(received.get("X-Request-Id")).isEqualTo("req-1");
    assertThat(received.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(received.get("Host")).isEqualTo(backend.url().substring("http://".length()));
  }

  @Test
  void connectionHeaderOnThePublicRoute_keepsTheGatewaysForwardingHeaders() throws IOException {
    RawHttp.Response response = send(gateway.port(), "/public/conn",
        List.of("Connection: X-Request-Id, X-Forwarded-For, X-Forwarded-Proto, Forwarded, Host, X-User-Id",
            "X-User-Id: admin"));

    assertThat(response.status()).isEqualTo(200);
    MultiMap received = backend.last().headers();
    assertThat(received.get("X-Request-Id")).isNotBlank().isEqualTo(response.header("X-Request-Id"));
    assertThat(received.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(received.get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(received.get("Forwarded")).startsWith("for=127.0.0.1");
    assertThat(received.get("Host")).isNotBlank();
    assertThat(received.contains("X-User-Id")).isFalse();
  }

  static RawHttp.Response send(int port, String path, List<String> headers) throws IOException {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: gw\r\nX-Kept: yes\r\n");
    headers.forEach(h -> request.append(h).append("\r\n"));
    try (RawHttp.Connection connection = RawHttp.connect(port, 5000)) {
      return connection.send(request.append("\r\n").toString()).read();
    }
  }

  static List<String> canonicalNames(MultiMap headers) {
    return headers.names().stream().map(n -> n.toLowerCase(Locale.ROOT).replace('_', '-')).toList();
  }

  static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  static RequestView view(String path) {
    return new RequestView() {
      @Override
      public String host() {
        return "gw";
      }

      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public String header(String name) {
        return null;
      }

      @Override
      public String queryParam(String name) {
        return null;
      }
    };
  }
}
