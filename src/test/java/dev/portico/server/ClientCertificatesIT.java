package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portico.config.ConfigLoader;
import dev.portico.config.ListenConfig;
import dev.portico.testing.TestCertificates;
import dev.portico.testing.TestCertificates.Issued;
import dev.portico.tls.TlsEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link ClientCertificates} on connections accepted with the listener's own TLS options and
 * {@code clientAuth: request}: what a route-level check will read. Run with each TLS engine.
 */
class ClientCertificatesIT {
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
    TestCertificates ca;
    TestCertificates otherCa;
    HttpServer tls;
    HttpServer cleartext;

    Cases(TlsEngine engine) {
      this.engine = engine;
    }

    @BeforeAll
    void start() throws Exception {
      Path dir = Files.createTempDirectory("portico-mtls-");
      vertx = Vertx.vertx();
      ca = TestCertificates.authority(dir, "clients-ca");
      otherCa = TestCertificates.authority(dir, "other-ca");
      Issued server = ca.server("gateway.test");
      ListenConfig listen = ConfigLoader.parse("""
          listen:
            port: 0
            tls: { certFile: %s, keyFile: %s, clientAuth: request, clientCa: %s }
          """.formatted(server.certFile(), server.keyFile(), ca.caFile()), "portico.yaml",
          Map.<String, String>of()::get).listen();
      System.setProperty(TlsEngine.PROPERTY, engine.name().toLowerCase(Locale.ROOT));
      TlsListenerOptions options;
      try {
        options = TlsListenerOptions.load(listen);
      } finally {
        System.clearProperty(TlsEngine.PROPERTY);
      }
      tls = await(vertx.createHttpServer(ListenerOptions.of(listen, options).setHost("127.0.0.1"))
          .requestHandler(request -> request.response().end(String.valueOf(
              ClientCertificates.verifiedSubject(request.connection()))))
          .listen());
      cleartext = await(vertx.createHttpServer(ListenerOptions.of(listen).setHost("127.0.0.1"))
          .requestHandler(request -> request.response().end(String.valueOf(
              ClientCertificates.verifiedSubject(request.connection()))))
          .listen());
    }

    @AfterAll
    void stop() {
      await(vertx.close());
    }

    @Test
    void caSignedCertificate_givesItsSubject() {
      Issued client = ca.client("billing");

      assertThat(subject(client, HttpVersion.HTTP_1_1)).isEqualTo("CN=billing,O=Portico Tests");
    }

    @Test
    void caSignedCertificate_givesItsSubjectOverHttp2() {
      Issued client = ca.client("billing-h2");

      assertThat(subject(client, HttpVersion.HTTP_2)).isEqualTo("CN=billing-h2,O=Portico Tests");
    }

    @Test
    void noCertificate_isServedWithoutSubject() {
      assertThat(subject((Issued) null, HttpVersion.HTTP_1_1)).isEqualTo("null");
    }

    @Test
    void certificateFromAnotherCa_isNotEvenSentByAWellBehavedClient() {
      Issued stranger = otherCa.client("billing");

      assertThat(subject(stranger, HttpVersion.HTTP_1_1)).isEqualTo("null");
    }

    @Test
    void certificateFromAnotherCa_presentedAnyway_failsTheHandshake() {
      Issued stranger = otherCa.client("billing");

      assertThat(catchThrowable(() -> subject(KeyCertOptions.wrap(stranger.presentedRegardless()))))
          .isNotNull();
    }

    @Test
    void caSignedCertificate_presentedTheSameWay_givesItsSubject() {
      Issued client = ca.client("forced");

      assertThat(subject(KeyCertOptions.wrap(client.presentedRegardless()))).isEqualTo("CN=forced,O=Portico Tests");
    }

    @Test
    void cleartextConnection_hasNoSubject() {
      String body = await(vertx.createHttpClient()
          .request(HttpMethod.GET, cleartext.actualPort(), "127.0.0.1", "/")
          .compose(r -> r.send().compose(resp -> resp.body())).map(Object::toString));

      assertThat(body).isEqualTo("null");
    }

    private String subject(Issued client, HttpVersion version) {
      return subject(client == null ? null : new PemKeyCertOptions().setCertPath(client.certFile().toString())
          .setKeyPath(client.keyFile().toString()), version);
    }

    private String subject(KeyCertOptions clientCertificate) {
      return subject(clientCertificate, HttpVersion.HTTP_1_1);
    }

    private String subject(KeyCertOptions clientCertificate, HttpVersion version) {
      HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(false)
          .setTrustOptions(new PemTrustOptions().addCertPath(ca.caFile().toString()))
          .setProtocolVersion(version).setUseAlpn(version == HttpVersion.HTTP_2);
      if (clientCertificate != null) {
        options.setKeyCertOptions(clientCertificate);
      }
      var http = vertx.createHttpClient(options);
      try {
        return await(http.request(HttpMethod.GET, tls.actualPort(), "127.0.0.1", "/")
            .compose(r -> r.send().compose(resp -> {
              assertThat(resp.version()).isEqualTo(version);
              return resp.body();
            })).map(Object::toString));
      } finally {
        http.close();
      }
    }
  }

  static <T> T await(Future<T> future) {
    return TlsListenerCases.await(future);
  }
}
