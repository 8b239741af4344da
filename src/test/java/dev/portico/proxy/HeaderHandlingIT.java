package dev.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.RawHttp;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the upstream and the client see of each other's headers, over real sockets. */
class HeaderHandlingIT {
  static Vertx vertx;
  static TestUpstream backend;
  static TestUpstream hopResponder;
  static TestGateway gateway;
  static TestGateway behindTrustedProxy;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    // Answers with connection-level headers a proxy must not relay.
    hopResponder = TestUpstream.start(vertx, request -> request.response()
        .putHeader("Connection", "keep-alive, X-Upstream-Hop")
        .putHeader("X-Upstream-Hop", "internal")
        .putHeader("Keep-Alive", "timeout=5")
        .putHeader("Proxy-Authenticate", "Basic realm=upstream")
        .putHeader("Upgrade", "h2c")
        .putHeader("X-End-To-End", "kept")
        .end("ok"));
    String routes = """
        upstreams:
          backend: { targets: [%s] }
          hops: { targets: [%s] }
        routes:
          - id: plain
            match: { path: /plain/** }
            upstream: backend
          - id: preserving
            match: { path: /preserve/** }
            upstream: backend
            preserveHost: true
          - id: hops
            match: { path: /hops/** }
            upstream: hops
        """.formatted(backend.url(), hopResponder.url());
    gateway = TestGateway.start(routes);
    behindTrustedProxy = TestGateway.start("listen: { port: 0, trustedProxies: [127.0.0.1] }\n" + routes);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    behindTrustedProxy.close();
    backend.close();
    hopResponder.close();
    vertx.close();
  }

  @Test
  void hopByHopRequestHeadersNeverReachTheUpstream() throws IOException {
    RawHttp.Response response = get(gateway, "/plain/hop",
        "Connection: keep-alive",
        "Keep-Alive: timeout=5",
        "TE: trailers",
        "Trailer: X-Checksum",
        "Proxy-Connection: keep-alive",
        "Proxy-Authorization: Basic c2VjcmV0",
        "X-End-To-End: kept");

    assertThat(response.status()).isEqualTo(200);
    MultiMap received = backend.last().headers();
    assertThat(received.names()).map(String::toLowerCase)
        .doesNotContain("keep-alive", "te", "trailer", "proxy-connection", "proxy-authorization");
    // The gateway's own connection to the upstream may say Connection, but never the client's tokens.
    assertThat(received.getAll("connection")).allSatisfy(v -> assertThat(v).doesNotContainIgnoringCase("x-"));
    assertThat(received.get("X-End-To-End")).isEqualTo("kept");
  }

  @Test
  void upgradeHeaderOfAPlainRequestIsNotForwarded() throws IOException {
    RawHttp.Response response = get(gateway, "/plain/upgrade", "Connection: Upgrade", "Upgrade: example/1");

    assertThat(response.status()).isEqualTo(200);
    assertThat(backend.last().headers().get("Upgrade")).isNull();
  }

  @Test
  void headersNamedInConnectionAreRemoved() throws IOException {
    RawHttp.Response response = get(gateway, "/plain/named",
        "Connection: keep-alive, X-Secret-Hop , x-other-hop",
        "X-Secret-Hop: 1",
        "X-Other-Hop: 2",
        "X-Kept: 3");

    assertThat(response.status()).isEqualTo(200);
    MultiMap received = backend.last().headers();
    assertThat(received.get("X-Secret-Hop")).isNull();
    assertThat(received.get("X-Other-Hop")).isNull();
    assertThat(received.get("X-Kept")).isEqualTo("3");
  }

  @Test
  void headersNamedInEveryConnectionHeaderAreRemoved() throws IOException {
    RawHttp.Response response = get(gateway, "/plain/named-twice",
        "Connection: keep-alive",
        "Connection: X-Second-Hop",
        "X-Second-Hop: secret");

    assertThat(response.status()).isEqualTo(200);
    assertThat(backend.last().headers().get("X-Second-Hop")).isNull();
  }

  @Test
  void forwardingHeadersFromAnUntrustedClientAreReplaced() throws IOException {
    RawHttp.Response response = get(gateway, "/plain/xff",
        "X-Forwarded-For: 203.0.113.9",
        "X-Forwarded-Proto: https",
        "X-Forwarded-Host: evil.example",
        "X-Forwarded-Port: 443",
        "X-Real-IP: 203.0.113.9",
        "Forwarded: for=203.0.113.9;proto=https");

    assertThat(response.status()).isEqualTo(200);
    MultiMap received = backend.last().headers();
    String host = "127.0.0.1:" + gateway.port();
    assertThat(received.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
    assertThat(received.getAll("X-Forwarded-Proto")).containsExactly("http");
    assertThat(received.getAll("X-Forwarded-Host")).containsExactly(host);
    assertThat(received.getAll("Forwarded")).containsExactly("for=127.0.0.1;proto=http;host=\"" + host + "\"");
    assertThat(received.get("X-Forwarded-Port")).isNull();
    assertThat(received.get("X-Real-IP")).isNull();
  }

  @Test
  void forwardingHeadersFromATrustedProxyAreAppendedTo() throws IOException {
    RawHttp.Response response = getWithHost(behindTrustedProxy, "/plain/xff", "shop.example.com",
        "X-Forwarded-For: 203.0.113.9, 198.51.100.7",
        "X-Forwarded-Proto: https",
        "X-Forwarded-Host: shop.example.com",
        "Forwarded: for=203.0.113.9;proto=https");

    assertThat(response.status()).isEqualTo(200);
    MultiMap received = backend.last().headers();
    assertThat(received.getAll("X-Forwarded-For")).containsExactly("203.0.113.9, 198.51.100.7, 127.0.0.1");
    assertThat(received.getAll("X-Forwarded-Proto")).containsExactly("https");
    assertThat(received.getAll("X-Forwarded-Host")).containsExactly("shop.example.com");
    assertThat(received.getAll("Forwarded"))
        .containsExactly("for=203.0.113.9;proto=https, for=127.0.0.1;proto=http;host=shop.example.com");
  }

  @Test
  void plainRequestIdIsPropagatedAndEchoed() throws IOException {
    RawHttp.Response response = get(gateway, "/plain/id", "X-Request-Id: trace-42.abc_DEF:7");

    assertThat(response.header("X-Request-Id")).isEqualTo("trace-42.abc_DEF:7");
    assertThat(backend.last().headers().getAll("X-Request-Id")).containsExactly("trace-42.abc_DEF:7");
  }

  @Test
  void requestIdWithSpacesIsReplacedAndTheReplacementEchoed() throws IOException {
    RawHttp.Response response = get(gateway, "/plain/id", "X-Request-Id: injected id");

    String id = response.header("X-Request-Id");
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(backend.last().headers().getAll("X-Request-Id")).containsExactly(id);
  }

  @Test
  void overlongRequestIdIsReplaced() throws IOException {
    RawHttp.Response response = get(gateway, "/plain/id", "X-Request-Id: " + "a".repeat(200));

    String id = response.header("X-Request-Id");
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(backend.last().headers().getAll("X-Request-Id")).containsExactly(id);
  }

  @Test
  void preserveHostForwardsTheClientsHost() throws IOException {
    RawHttp.Response response = getWithHost(gateway, "/preserve/x", "shop.example.com:8443");

    assertThat(response.status()).isEqualTo(200);
    assertThat(backend.last().headers().getAll("Host")).containsExactly("shop.example.com:8443");
  }

  @Test
  void withoutPreserveHostTheTargetsAuthorityIsSent() throws IOException {
    RawHttp.Response response = getWithHost(gateway, "/plain/host", "shop.example.com");

    assertThat(response.status()).isEqualTo(200);
    assertThat(backend.last().headers().getAll("Host")).containsExactly("127.0.0.1:" + backend.port());
  }

  @Test
  void hopByHopResponseHeadersAreNotSentToTheClient() throws IOException {
    RawHttp.Response response = get(gateway, "/hops/x");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers()).doesNotContainKeys("keep-alive", "x-upstream-hop", "proxy-authenticate",
        "upgrade");
    assertThat(response.headers().getOrDefault("connection", java.util.List.of()))
        .allSatisfy(v -> assertThat(v).doesNotContainIgnoringCase("x-upstream-hop"));
    assertThat(response.header("X-End-To-End")).isEqualTo("kept");
    assertThat(response.bodyText()).isEqualTo("ok");
  }

  static RawHttp.Response get(TestGateway gateway, String path, String... headers) throws IOException {
    return getWithHost(gateway, path, "127.0.0.1:" + gateway.port(), headers);
  }

  static RawHttp.Response getWithHost(TestGateway gateway, String path, String host, String... headers)
      throws IOException {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      return connection.send(request.append("\r\n").toString()).read();
    }
  }
}
