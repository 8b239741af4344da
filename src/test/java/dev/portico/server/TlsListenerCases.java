package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portico.testing.RawHttp;
import dev.portico.testing.TestCertificates;
import dev.portico.testing.TestCertificates.Issued;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import dev.portico.tls.PemFiles;
import dev.portico.tls.TlsEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * TLS on the listener, on real sockets with certificates made by the test; run once per TLS engine
 * by {@link TlsListenerIT}. One gateway serves two certificates by SNI, another requires client
 * certificates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TlsListenerCases {
  /** {@code forwardedProto} is the X-Forwarded-Proto the upstream received. */
  record Reply(int status, HttpVersion version, X509Certificate served, String protocol, String forwardedProto) {}

  private final TlsEngine engine;
  Path dir;
  Vertx vertx;
  TestUpstream backend;
  TestCertificates ca;
  TestCertificates otherCa;
  Issued a;
  Issued b;
  TestGateway sni;
  TestGateway mtls;

  TlsListenerCases(TlsEngine engine) {
    this.engine = engine;
  }

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("portico-tls-");
    vertx = Vertx.vertx();
    backend = TestUpstream.start(vertx, request -> request.response()
        .end(String.valueOf(request.getHeader("X-Forwarded-Proto"))));
    ca = TestCertificates.authority(dir, "gateway-ca");
    otherCa = TestCertificates.authority(dir, "other-ca");
    b = ca.server("b.test", "www.b.test");
    a = ca.server("a.test", "*.a.test");
    System.setProperty(TlsEngine.PROPERTY, engine.name().toLowerCase(Locale.ROOT));
    try {
      sni = TestGateway.start("""
          listen:
            port: 0
            tls:
              certificates:
                - { certFile: %s, keyFile: %s }
                - { certFile: %s, keyFile: %s }
          upstreams: { backend: { targets: [%s] } }
          routes: [{ id: all, upstream: backend }]
          """.formatted(b.certFile(), b.keyFile(), a.certFile(), a.keyFile(), backend.url()));
      mtls = TestGateway.start("""
          listen:
            port: 0
            http2: false
            tls: { certFile: %s, keyFile: %s, clientAuth: require, clientCa: %s }
          upstreams: { backend: { targets: [%s] } }
          routes: [{ id: all, upstream: backend }]
          """.formatted(a.certFile(), a.keyFile(), ca.caFile(), backend.url()));
    } finally {
      System.clearProperty(TlsEngine.PROPERTY);
    }
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {sni, mtls, backend}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
    await(vertx.close());
  }

  @Test
  void sniPicksTheCertificateNamingTheHost() {
    Reply toA = get(sni, client(false, null), "a.test");
    Reply toB = get(sni, client(false, null), "www.b.test");

    assertThat(toA.status()).isEqualTo(200);
    assertThat(toA.served().getSubjectX500Principal().getName()).isEqualTo("CN=a.test,O=Portico Tests");
    assertThat(PemFiles.dnsNames(toA.served())).contains("a.test");
    assertThat(toB.served().getSubjectX500Principal().getName()).isEqualTo("CN=b.test,O=Portico Tests");
    assertThat(PemFiles.dnsNames(toB.served())).contains("www.b.test");
  }

  @Test
  void wildcardNameMatchesOneLabel() {
    assertThat(get(sni, client(false, null), "api.a.test").served()).isEqualTo(a.certificate());
    assertThat(get(sni, client(false, null), "x.api.a.test").served()).isEqualTo(b.certificate());
  }

  @Test
  void unknownNameOrNoSni_getTheFirstCertificate() {
    assertThat(get(sni, client(false, null), "unknown.test").served()).isEqualTo(b.certificate());
    assertThat(get(sni, client(false, null), null).served()).isEqualTo(b.certificate());
  }

  @Test
  void http2IsNegotiatedByAlpn() {
    Reply reply = get(sni, client(true, null), "a.test");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_2);
  }

  @Test
  void http2Off_alpnOffersOnlyHttp11() {
    Reply reply = get(mtls, client(true, ca.client("h1-only")), "a.test");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_1_1);
  }

  @Test
  void http11ClientWithoutAlpnIsServed() {
    Reply reply = get(sni, client(false, null), "a.test");

    assertThat(reply.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(reply.protocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void upstreamIsToldTheClientUsedHttps() {
    assertThat(get(sni, client(false, null), "a.test").forwardedProto()).isEqualTo("https");
  }

  @Test
  void tls11IsRefused_thoughTheClientCanSpeakIt() throws Exception {
    NetClientOptions tls11 = legacyClient().setEnabledSecureTransportProtocols(Set.of("TLSv1.1"));
    HttpServer permissive = permissiveServer();
    try {
      NetSocket control = await(vertx.createNetClient(tls11).connect(permissive.actualPort(), "127.0.0.1"));
      assertThat(control.sslSession().getProtocol()).isEqualTo("TLSv1.1");
      control.close();

      Throwable refused = catchThrowable(() -> await(vertx.createNetClient(tls11).connect(sni.port(), "127.0.0.1")));

      assertThat(refused).isNotNull();
    } finally {
      await(permissive.close());
    }
  }

  @Test
  void tls12CbcSuiteIsRefused_thoughTheClientCanSpeakIt() throws Exception {
    NetClientOptions cbc = legacyClient().setEnabledSecureTransportProtocols(Set.of("TLSv1.2"))
        .addEnabledCipherSuite("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
    HttpServer permissive = permissiveServer();
    try {
      NetSocket control = await(vertx.createNetClient(cbc).connect(permissive.actualPort(), "127.0.0.1"));
      assertThat(control.sslSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
      control.close();

      Throwable refused = catchThrowable(() -> await(vertx.createNetClient(cbc).connect(sni.port(), "127.0.0.1")));

      assertThat(refused).isNotNull();
    } finally {
      await(permissive.close());
    }
  }

  @Test
  void tls12WithAnAeadSuiteIsServed() {
    NetClientOptions modern = legacyClient().setEnabledSecureTransportProtocols(Set.of("TLSv1.2"))
        .addEnabledCipherSuite("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    NetSocket socket = await(vertx.createNetClient(modern).connect(sni.port(), "127.0.0.1"));

    assertThat(socket.sslSession().getProtocol()).isEqualTo("TLSv1.2");
    socket.close();
  }

  @Test
  void cleartextRequestOnTheTlsPortReachesNothing() throws Exception {
    int before = backend.received().size();
    String answer;
    try {
      answer = RawHttp.exchange(sni.port(), "GET /plain HTTP/1.1\r\nHost: a.test\r\n\r\n", 2000);
    } catch (java.io.IOException e) {
      answer = "";
    }

    assertThat(answer).doesNotStartWith("HTTP/1.1 200");
    assertThat(backend.received()).hasSize(before);
  }

  @Test
  void requiredClientCertificateSignedByTheCa_isAccepted() {
    Issued client = ca.client("billing");

    Reply reply = get(mtls, client(false, client), "a.test");

    assertThat(reply.status()).isEqualTo(200);
  }

  @Test
  void requiredClientCertificateMissing_isRefusedBeforeAnyRequest() {
    int before = backend.received().size();

    Throwable refused = catchThrowable(() -> get(mtls, client(false, null), "a.test"));

    assertThat(refused).isNotNull();
    assertThat(backend.received()).hasSize(before);
  }

  @Test
  void clientCertificateFromAnotherCa_isRefused() {
    int before = backend.received().size();
    Issued stranger = otherCa.client("billing");
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false)
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.caFile().toString()))
        .setKeyCertOptions(KeyCertOptions.wrap(stranger.presentedRegardless())));

    Throwable refused = catchThrowable(() -> get(mtls, client, "a.test"));

    assertThat(refused).isNotNull();
    assertThat(backend.received()).hasSize(before);
  }

  /** A fresh client (so a fresh connection) trusting the gateway's CA; host names are not verified. */
  HttpClient client(boolean http2, Issued clientCertificate) {
    HttpClientOptions options = new HttpClientOptions()
        .setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.caFile().toString()))
        .setVerifyHost(false)
        .setConnectTimeout(5000);
    if (http2) {
      options.setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2);
    }
    if (clientCertificate != null) {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(clientCertificate.certFile().toString())
          .setKeyPath(clientCertificate.keyFile().toString()));
    }
    return vertx.createHttpClient(options);
  }

  /** GET / with {@code serverName} as SNI (none when null: the IP is used); closes the client. */
  Reply get(TestGateway gateway, HttpClient client, String serverName) {
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(gateway.port(), "127.0.0.1"))
        .setHost(serverName != null ? serverName : "127.0.0.1")
        .setPort(gateway.port())
        .setURI("/tls");
    try {
      return await(client.request(options).compose(request -> request.send().compose(response -> response.body()
          .map(body -> new Reply(response.statusCode(), response.version(), served(request.connection()),
              request.connection().sslSession().getProtocol(), body.toString())))));
    } finally {
      client.close();
    }
  }

  private static X509Certificate served(io.vertx.core.http.HttpConnection connection) {
    try {
      return (X509Certificate) connection.peerCertificates().get(0);
    } catch (SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** OpenSSL can still speak TLS 1.1 and CBC suites, unlike the JDK's defaults. */
  private static NetClientOptions legacyClient() {
    return new NetClientOptions().setSsl(true).setSslEngineOptions(new OpenSSLEngineOptions()).setTrustAll(true)
        .setHostnameVerificationAlgorithm("").setConnectTimeout(5000);
  }

  /** A server with the same certificate that allows TLS 1.1 and any suite: proof the client offers them. */
  private HttpServer permissiveServer() {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(0).setHost("127.0.0.1")
        .setSsl(true).setSslEngineOptions(new OpenSSLEngineOptions())
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(a.certFile().toString())
            .setKeyPath(a.keyFile().toString()))
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.1", "TLSv1.2", "TLSv1.3")));
    server.requestHandler(request -> request.response().end());
    return await(server.listen());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
