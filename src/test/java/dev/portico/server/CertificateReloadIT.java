package dev.portico.server;

import static dev.portico.server.TlsListenerCases.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.TestCertificates;
import dev.portico.testing.TestCertificates.Issued;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listener certificates replaced on disk while the gateway runs: new connections get the new
 * certificate, open keep-alive connections keep working, and unusable files change nothing.
 */
class CertificateReloadIT {
  record Served(X509Certificate certificate, HttpConnection connection, int status) {}

  Path dir;
  Vertx vertx;
  TestUpstream backend;
  TestCertificates ca;
  Issued first;
  Path certFile;
  Path keyFile;
  TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("portico-reload-");
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    ca = TestCertificates.authority(dir, "reload-ca");
    first = ca.server("reload.test");
    certFile = dir.resolve("served.crt");
    keyFile = dir.resolve("served.key");
    Files.copy(first.certFile(), certFile);
    Files.copy(first.keyFile(), keyFile);
    gateway = TestGateway.start("""
        listen:
          port: 0
          tls: { certFile: %s, keyFile: %s, reloadInterval: 100ms }
        upstreams: { backend: { targets: [%s] } }
        routes: [{ id: all, upstream: backend }]
        """.formatted(certFile, keyFile, backend.url()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    backend.close();
    await(vertx.close());
  }

  @Test
  void newConnectionsGetTheNewCertificate_openOnesKeepWorking() {
    HttpClient keepAlive = client();
    Served before = get(keepAlive);
    assertThat(before.certificate()).isEqualTo(first.certificate());

    Issued second = ca.server("reload.test");
    install(second);
    waitFor(() -> servedToANewConnection().equals(second.certificate()));

    Served again = get(keepAlive);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.connection()).isSameAs(before.connection());
    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(reloads("applied")).isEqualTo(1.0);
  }

  @Test
  void keyThatDoesNotMatch_isRejectedAndTheOldCertificateKept() {
    Issued other = ca.server("reload.test");
    TestCertificates.replace(other.keyFile(), keyFile); // the certificate still is the first one

    waitFor(() -> reloads("rejected") == 1.0);
    assertThat(servedToANewConnection()).isEqualTo(first.certificate());

    TestCertificates.replace(other.certFile(), certFile); // now a matching pair
    waitFor(() -> servedToANewConnection().equals(other.certificate()));
    assertThat(reloads("applied")).isEqualTo(1.0);
  }

  @Test
  void garbageCertificateFile_isRejectedAndTheOldCertificateKept() throws Exception {
    Files.writeString(certFile, "not a certificate");

    waitFor(() -> reloads("rejected") == 1.0);

    assertThat(servedToANewConnection()).isEqualTo(first.certificate());
  }

  private void install(Issued issued) {
    // Key first, then certificate, as a deploy tool might: the reloader waits for the pair to settle.
    TestCertificates.replace(issued.keyFile(), keyFile);
    TestCertificates.replace(issued.certFile(), certFile);
  }

  private X509Certificate servedToANewConnection() {
    HttpClient client = client();
    try {
      return get(client).certificate();
    } finally {
      client.close();
    }
  }

  private HttpClient client() {
    return vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false).setKeepAlive(true)
            .setTrustOptions(new PemTrustOptions().addCertPath(ca.caFile().toString())),
        new PoolOptions().setHttp1MaxSize(1));
  }

  private Served get(HttpClient client) {
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(gateway.port(), "127.0.0.1"))
        .setHost("reload.test").setPort(gateway.port()).setURI("/reload");
    return await(client.request(options).compose(request -> request.send()
        .compose(response -> response.body().map(body -> new Served(peer(request.connection()),
            request.connection(), response.statusCode())))));
  }

  private double reloads(String outcome) {
    Matcher m = Pattern.compile("portico_tls_certificate_reloads_total\\{outcome=\"" + outcome + "\"[^}]*} (\\S+)")
        .matcher(gateway.gateway().metrics().scrape());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static X509Certificate peer(HttpConnection connection) {
    try {
      return (X509Certificate) connection.peerCertificates().get(0);
    } catch (SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for something the gateway does by itself on its own schedule; the deadline is generous. */
  private static void waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
