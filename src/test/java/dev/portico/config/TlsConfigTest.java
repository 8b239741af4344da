package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.TestCertificates;
import dev.portico.testing.TestCertificates.Issued;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code listen.tls} and {@code upstreams.NAME.tls}: binding, and every error with its file:line:col. */
class TlsConfigTest {
  private static final String UPSTREAM = "upstreams: { u: { targets: [http://h:1] } }\n";

  @TempDir
  static Path dir;
  static TestCertificates ca;
  static Issued a;
  static Issued b;

  @BeforeAll
  static void certificates() {
    ca = TestCertificates.authority(dir, "config-ca");
    a = ca.server("a.test", "*.a.test");
    b = ca.server("b.test");
  }

  static GatewayConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", Map.<String, String>of()::get);
  }

  @Test
  void oneCertificate_withDefaults() throws Exception {
    GatewayConfig config = parse("""
        listen:
          tls: { certFile: %s, keyFile: %s }
        """.formatted(a.certFile(), a.keyFile()));

    assertThat(config.listen().tls()).isEqualTo(new TlsConfig(
        List.of(new TlsCertificateConfig(a.certFile(), a.keyFile())), TlsClientAuth.NONE, null,
        TlsVersion.TLS_1_2, Duration.ofSeconds(5)));
  }

  @Test
  void severalCertificates_withClientCertificates() throws Exception {
    GatewayConfig config = parse("""
        listen:
          port: 8443
          tls:
            certificates:
              - { certFile: %s, keyFile: %s }
              - { certFile: %s, keyFile: %s }
            clientAuth: request
            clientCa: %s
            minVersion: TLSv1.3
            reloadInterval: 1s
        """.formatted(a.certFile(), a.keyFile(), b.certFile(), b.keyFile(), ca.caFile()));

    assertThat(config.listen().tls()).isEqualTo(new TlsConfig(
        List.of(new TlsCertificateConfig(a.certFile(), a.keyFile()),
            new TlsCertificateConfig(b.certFile(), b.keyFile())),
        TlsClientAuth.REQUEST, ca.caFile(), TlsVersion.TLS_1_3, Duration.ofSeconds(1)));
  }

  @Test
  void withoutTls_theListenerIsCleartext() throws Exception {
    assertThat(parse("listen: { port: 8080 }").listen().tls()).isNull();
  }

  @Test
  void missingCertificateFile() {
    Path missing = dir.resolve("missing.pem");
    assertThat(errors("""
        listen:
          tls:
            certFile: %s
            keyFile: %s
        """.formatted(missing, a.keyFile()))).containsExactly(
        "portico.yaml:3:15: listen.tls.certFile: \"" + missing + "\" cannot be read: no such file"
            + " (expected: a readable PEM certificate file)");
  }

  @Test
  void directoryInsteadOfKeyFile() {
    assertThat(errors("""
        listen:
          tls: { certFile: %s, keyFile: %s }
        """.formatted(a.certFile(), dir))).containsExactly(
        "portico.yaml:2:%d: listen.tls.keyFile: \"%s\" cannot be read: is a directory".formatted(
            31 + a.certFile().toString().length(), dir) + " (expected: a readable PEM private key file)");
  }

  @Test
  void keyOfAnotherCertificate_reportedAtKeyFile() {
    assertThat(errors("""
        listen:
          tls:
            certificates:
              - certFile: %s
                keyFile: %s
        """.formatted(a.certFile(), b.keyFile()))).containsExactly(
        "portico.yaml:5:18: listen.tls.certificates[0].keyFile: \"" + b.keyFile() + "\" is not the private key"
            + " of the certificate CN=a.test,O=Portico Tests (expected: the key the certificate was issued for)");
  }

  @Test
  void keyFileGivenAsCertificate_saysWhatItHolds() {
    assertThat(errors("""
        listen:
          tls:
            certFile: %s
            keyFile: %s
        """.formatted(a.keyFile(), a.keyFile()))).containsExactly(
        "portico.yaml:3:15: listen.tls.certFile: \"" + a.keyFile() + "\" has no certificate, only PRIVATE KEY"
            + " (expected: a PEM file with -----BEGIN CERTIFICATE-----)");
  }

  @Test
  void noCertificateAtAll_orBothForms() {
    assertThat(errors("""
        listen:
          tls: { clientAuth: none }
        """)).containsExactly("portico.yaml:2:8: listen.tls: missing required key \"certFile\""
        + " (expected: certFile and keyFile, or a list under certificates)");
    assertThat(errors("""
        listen:
          tls:
            certFile: %s
            keyFile: %s
            certificates: []
        """.formatted(a.certFile(), a.keyFile()))).containsExactly("portico.yaml:3:5: listen.tls: sets both"
        + " certFile/keyFile and certificates (expected: certFile and keyFile for one certificate,"
        + " or a list under certificates)");
  }

  @Test
  void certificateWithoutKey() {
    assertThat(errors("""
        listen:
          tls:
            certificates:
              - { certFile: %s }
        """.formatted(a.certFile()))).containsExactly(
        "portico.yaml:4:9: listen.tls.certificates[0]: missing required key \"keyFile\"");
  }

  @Test
  void twoCertificatesForOneName() {
    Issued alsoB = ca.server("b.test", "www.b.test");
    assertThat(errors("""
        listen:
          tls:
            certificates:
              - { certFile: %s, keyFile: %s }
              - { certFile: %s, keyFile: %s }
        """.formatted(b.certFile(), b.keyFile(), alsoB.certFile(), alsoB.keyFile()))).containsExactly(
        "portico.yaml:5:21: listen.tls.certificates[1].certFile: names b.test, already served by"
            + " listen.tls.certificates[0] (expected: each DNS name in one certificate)");
  }

  @Test
  void badClientAuth_andMinVersion_andReloadInterval() {
    assertThat(errors("""
        listen:
          tls:
            certFile: %s
            keyFile: %s
            clientAuth: optional
            minVersion: TLSv1.1
            reloadInterval: often
        """.formatted(a.certFile(), a.keyFile()))).containsExactly(
        "portico.yaml:5:17: listen.tls.clientAuth: \"optional\" (expected: none, request or require)",
        "portico.yaml:6:17: listen.tls.minVersion: \"TLSv1.1\" (expected: TLSv1.2 or TLSv1.3)",
        "portico.yaml:7:21: listen.tls.reloadInterval: \"often\""
            + " (expected: a duration like 250ms, 2s, 1m)");
  }

  @Test
  void clientAuthWithoutClientCa_andClientCaWithoutClientAuth() {
    assertThat(errors("""
        listen:
          tls: { certFile: %s, keyFile: %s, clientAuth: require }
        """.formatted(a.certFile(), a.keyFile()))).singleElement().asString()
        .endsWith("listen.tls.clientAuth: require needs clientCa (expected: clientCa: a PEM file of the CA"
            + " certificates that sign client certificates)");
    assertThat(errors("""
        listen:
          tls:
            certFile: %s
            keyFile: %s
            clientCa: %s
        """.formatted(a.certFile(), a.keyFile(), ca.caFile()))).containsExactly(
        "portico.yaml:5:15: listen.tls.clientCa: only applies when clientAuth is request or require"
            + " (clientAuth is none)");
  }

  @Test
  void unknownKey_suggestsTheRightSpelling() {
    assertThat(errors("""
        listen:
          tls: { certfile: x }
        """)).contains("portico.yaml:2:10: listen.tls.certfile: unknown key (did you mean \"certFile\"?)");
  }

  @Test
  void httpsTarget_getsPort443AndTlsDefaults() throws Exception {
    UpstreamConfig u = parse("upstreams: { u: { targets: [https://api.example.com] } }").upstreams().get("u");

    assertThat(u.targets()).containsExactly(URI.create("https://api.example.com:443"));
    assertThat(u.tls()).isEqualTo(new UpstreamTlsConfig(null, null, null, null, true));
  }

  @Test
  void upstreamTls_bindsEveryKey() throws Exception {
    Issued client = ca.client("gateway");
    UpstreamConfig u = parse("""
        upstreams:
          u:
            targets: [https://10.0.0.1:8443]
            tls:
              caFile: %s
              certFile: %s
              keyFile: %s
              serverName: Billing.Internal
              verifyHostname: false
        """.formatted(ca.caFile(), client.certFile(), client.keyFile())).upstreams().get("u");

    assertThat(u.tls()).isEqualTo(new UpstreamTlsConfig(ca.caFile(), client.certFile(), client.keyFile(),
        "billing.internal", false));
  }

  @Test
  void upstreamTlsOnCleartextTargets() {
    assertThat(errors("""
        upstreams:
          u:
            targets: [http://h:1]
            tls: { verifyHostname: true }
        """)).containsExactly("portico.yaml:4:10: upstreams.u.tls: only applies to https:// targets"
        + " (expected: targets like https://host:port, or no tls)");
  }

  @Test
  void mixedSchemes() {
    assertThat(errors("upstreams: { u: { targets: [https://a:1, http://b:2] } }")).containsExactly(
        "portico.yaml:1:42: upstreams.u.targets[1]: \"http://b:2\" is http but targets[0] is https"
            + " (expected: one scheme for all targets)");
  }

  @Test
  void upstreamTlsFileErrors_andBadServerName() {
    Path missing = dir.resolve("no-ca.pem");
    assertThat(errors("""
        upstreams:
          u:
            targets: [https://h:1]
            tls:
              caFile: %s
              certFile: %s
              serverName: 10.0.0.1
        """.formatted(missing, a.certFile()))).containsExactly(
        "portico.yaml:5:7: upstreams.u.tls: missing required key \"keyFile\"",
        "portico.yaml:5:15: upstreams.u.tls.caFile: \"" + missing + "\" cannot be read: no such file"
            + " (expected: a readable PEM file of CA certificates)",
        "portico.yaml:7:19: upstreams.u.tls.serverName: \"10.0.0.1\" (expected: a host name like api.internal)");
  }

  @Test
  void routesStillBindBesideTls() throws Exception {
    GatewayConfig config = parse(UPSTREAM + """
        listen: { tls: { certFile: %s, keyFile: %s } }
        routes: [{ id: r, upstream: u }]
        """.formatted(a.certFile(), a.keyFile()));

    assertThat(config.routes()).hasSize(1);
  }
}
