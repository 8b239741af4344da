package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.server.ClientCertificates;
import dev.portico.testing.Http;
import dev.portico.testing.TestCertificates;
import dev.portico.testing.TestCertificates.Issued;
import dev.portico.testing.TestGateway;
import dev.portico.tls.TlsEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * https upstreams on real sockets: the upstream's certificate must chain to the configured CA and
 * name the host (or {@code serverName}), SNI is sent, and a client certificate is presented when
 * configured. Run with each TLS engine: hostname checks are done differently by each.
 */
class UpstreamTlsIT {
  @Nested
  class WithOpenSsl extends Cases {
    WithOpenSsl() {
      super(TlsEngine.OPENSSL);
    }
  }

  @Nested
  class WithJdkTls extends Cases {
    WithJdkTls() {
      super(TlsEngine.JDK);
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Cases {
    private final TlsEngine engine;
    Vertx vertx;
    HttpServer backend;
    HttpServer strictBackend;
    TestGateway gateway;

    Cases(TlsEngine engine) {
      this.engine = engine;
    }

    @BeforeAll
    void start() throws Exception {
      Path dir = Files.createTempDirectory("portico-upstream-tls-");
      vertx = Vertx.vertx();
      TestCertificates ca = TestCertificates.authority(dir, "upstream-ca");
      TestCertificates otherCa = TestCertificates.authority(dir, "other-ca");
      Issued serverCert = ca.server("backend.test", "localhost");
      Issued gatewayCert = ca.client("portico-gateway");
      backend = https(serverCert, ca, ClientAuth.REQUEST);
      strictBackend = https(serverCert, ca, ClientAuth.REQUIRED);
      int port = backend.actualPort();
      // connectTimeout covers the TLS handshake too; a cold JVM on a loaded machine can be slow.
      System.setProperty(TlsEngine.PROPERTY, engine.name().toLowerCase(Locale.ROOT));
      try {
        gateway = TestGateway.start("""
            upstreams:
              good:      { connectTimeout: 10s, targets: [https://127.0.0.1:%1$d],
                           tls: { caFile: %2$s, serverName: backend.test } }
              byName:    { connectTimeout: 10s, targets: [https://localhost:%1$d], tls: { caFile: %2$s } }
              byIp:      { connectTimeout: 10s, targets: [https://127.0.0.1:%1$d], tls: { caFile: %2$s } }
              wrongCa:   { connectTimeout: 10s, targets: [https://127.0.0.1:%1$d],
                           tls: { caFile: %3$s, serverName: backend.test } }
              wrongName: { connectTimeout: 10s, targets: [https://127.0.0.1:%1$d],
                           tls: { caFile: %2$s, serverName: other.test } }
              unchecked: { connectTimeout: 10s, targets: [https://127.0.0.1:%1$d],
                           tls: { caFile: %2$s, serverName: other.test, verifyHostname: false } }
              jvmTrust:  { connectTimeout: 10s, targets: [https://localhost:%1$d] }
              mtls:      { connectTimeout: 10s, targets: [https://127.0.0.1:%4$d],
                           tls: { caFile: %2$s, serverName: backend.test, certFile: %5$s, keyFile: %6$s } }
              noCert:    { connectTimeout: 10s, targets: [https://127.0.0.1:%4$d],
                           tls: { caFile: %2$s, serverName: backend.test } }
            routes:
              - { id: good,      match: { path: /good/** },      upstream: good }
              - { id: byName,    match: { path: /byName/** },    upstream: byName }
              - { id: byIp,      match: { path: /byIp/** },      upstream: byIp }
              - { id: wrongCa,   match: { path: /wrongCa/** },   upstream: wrongCa }
              - { id: wrongName, match: { path: /wrongName/** }, upstream: wrongName }
              - { id: unchecked, match: { path: /unchecked/** }, upstream: unchecked }
              - { id: jvmTrust,  match: { path: /jvmTrust/** },  upstream: jvmTrust }
              - { id: mtls,      match: { path: /mtls/** },      upstream: mtls }
              - { id: noCert,    match: { path: /noCert/** },    upstream: noCert }
            """.formatted(port, ca.caFile(), otherCa.caFile(), strictBackend.actualPort(),
            gatewayCert.certFile(), gatewayCert.keyFile()));
      } finally {
        System.clearProperty(TlsEngine.PROPERTY);
      }
    }

    @AfterAll
    void stop() {
      gateway.close();
      await(vertx.close());
    }

    @Test
    void trustedCertificateForTheServerName_isAccepted_andSniSent() {
      HttpResponse<String> response = Http.get(gateway.url("/good/x"));

      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject seen = new JsonObject(response.body());
      assertThat(seen.getString("sni")).isEqualTo("backend.test");
      assertThat(seen.getString("host")).isEqualTo("127.0.0.1:" + backend.actualPort());
      assertThat(seen.getString("client")).isEqualTo("none");
    }

    @Test
    void targetHostName_isTheVerifiedName() {
      // The certificate names localhost, not 127.0.0.1: only the name can make this pass. (TLS
      // libraries send SNI only for names with a dot, so "localhost" goes without.)
      HttpResponse<String> response = Http.get(gateway.url("/byName/x"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(response.body()).getString("host")).isEqualTo("localhost:" + backend.actualPort());
    }

    @Test
    void targetByIp_isRefusedWhenTheCertificateDoesNotNameIt() {
      assertUpstreamTlsFailure(Http.get(gateway.url("/byIp/x")));
    }

    @Test
    void certificateFromAnotherCa_isRefused() {
      assertUpstreamTlsFailure(Http.get(gateway.url("/wrongCa/x")));
    }

    @Test
    void certificateForAnotherName_isRefused() {
      assertUpstreamTlsFailure(Http.get(gateway.url("/wrongName/x")));
    }

    @Test
    void verifyHostnameFalse_acceptsAnyNameButStillTheCa() {
      HttpResponse<String> response = Http.get(gateway.url("/unchecked/x"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(response.body()).getString("sni")).isEqualTo("other.test");
    }

    @Test
    void withoutCaFile_theJvmTrustStoreDecides_andDoesNotKnowTheTestCa() {
      assertUpstreamTlsFailure(Http.get(gateway.url("/jvmTrust/x")));
    }

    @Test
    void clientCertificate_isPresentedToTheUpstream() {
      HttpResponse<String> response = Http.get(gateway.url("/mtls/x"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(response.body()).getString("client")).isEqualTo("CN=portico-gateway,O=Portico Tests");
    }

    @Test
    void upstreamRequiringAClientCertificate_refusesAGatewayWithout() {
      HttpResponse<String> response = Http.get(gateway.url("/noCert/x"));

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    }

    private static void assertUpstreamTlsFailure(HttpResponse<String> response) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
      assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("upstream_tls");
    }

    /** An https echo server reporting the SNI, Host and verified client certificate it saw. */
    private HttpServer https(Issued certificate, TestCertificates clientCa, ClientAuth clientAuth) {
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
          .setSsl(true).setSni(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.certFile().toString())
              .setKeyPath(certificate.keyFile().toString()))
          .setTrustOptions(new PemTrustOptions().addCertPath(clientCa.caFile().toString()))
          .setClientAuth(clientAuth));
      server.requestHandler(request -> {
        String client = ClientCertificates.verifiedSubject(request.connection());
        request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("sni", request.connection().indicatedServerName())
            .put("host", request.getHeader("Host"))
            .put("client", client == null ? "none" : client).encode());
      });
      return await(server.listen());
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
