package dev.portico.config;

import dev.portico.tls.PemFiles;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds {@code listen.tls} and {@code upstreams.NAME.tls}. Each PEM file named is read and parsed
 * here, so a missing, unreadable, malformed or mismatched file is reported at its key like any
 * other bad value, by {@code portico validate} and before a reload can apply it. Reads files:
 * loading a config already blocks.
 */
final class TlsBinder {

  static final List<String> LISTEN_TLS_KEYS =
      List.of("certFile", "keyFile", "certificates", "clientAuth", "clientCa", "minVersion", "reloadInterval");
  static final List<String> CERTIFICATE_KEYS = List.of("certFile", "keyFile");
  static final List<String> UPSTREAM_TLS_KEYS =
      List.of("caFile", "certFile", "keyFile", "serverName", "verifyHostname");

  static final String CERT_EXPECTED = "a readable PEM certificate file";
  static final String KEY_EXPECTED = "a readable PEM private key file";
  static final String CA_EXPECTED = "a readable PEM file of CA certificates";
  static final String SERVER_NAME_EXPECTED = "a host name like api.internal";

  private final ValueReader reader;

  TlsBinder(ValueReader reader) {
    this.reader = reader;
  }

  /** {@code null} when {@code listen.tls} is absent, or when anything in it was invalid (reported). */
  TlsConfig listener(Fields listen) {
    if (!listen.has("tls")) {
      return null;
    }
    Fields f = listen.fields("tls", LISTEN_TLS_KEYS);
    if (!f.isMapping()) {
      return null;
    }
    int errorsBefore = reader.errorCount();
    List<TlsCertificateConfig> certificates = new ArrayList<>();
    List<List<X509Certificate>> chains = new ArrayList<>();
    List<String> certPaths = new ArrayList<>();
    boolean shorthand = f.has("certFile") || f.has("keyFile");
    if (shorthand && f.has("certificates")) {
      reader.error(reader.sourceMap().errorAt(f.path(), "sets both certFile/keyFile and certificates"
          + " (expected: certFile and keyFile for one certificate, or a list under certificates)"));
    } else if (shorthand) {
      certificate(f, certificates, chains, certPaths);
    } else if (f.has("certificates")) {
      List<Node> items = reader.items(f.value("certificates"), f.path("certificates"),
          "certificates, each with certFile and keyFile");
      for (int i = 0; i < items.size(); i++) {
        certificate(reader.fields(items.get(i), f.path("certificates") + "[" + i + "]", CERTIFICATE_KEYS),
            certificates, chains, certPaths);
      }
      if (items.isEmpty() && reader.errorCount() == errorsBefore) {
        reader.error(reader.sourceMap().errorAt(f.path("certificates"),
            "empty list (expected: at least one certificate with certFile and keyFile)"));
      }
    } else {
      reader.error(reader.sourceMap().errorAt(f.path(),
          "missing required key \"certFile\" (expected: certFile and keyFile, or a list under certificates)"));
    }
    checkNamesServedOnce(chains, certPaths);

    TlsClientAuth clientAuth = f.get("clientAuth", TlsClientAuth.NONE, TlsClientAuth.EXPECTED, TlsClientAuth::parse);
    Path clientCa = f.get("clientCa", null, CA_EXPECTED, TlsBinder::readAuthorities);
    if (clientAuth != TlsClientAuth.NONE && !f.has("clientCa")) {
      reader.error(f.value("clientAuth"), f.path("clientAuth"), clientAuth.yamlName()
          + " needs clientCa (expected: clientCa: a PEM file of the CA certificates that sign client certificates)");
    } else if (clientAuth == TlsClientAuth.NONE && f.has("clientCa")) {
      reader.error(f.value("clientCa"), f.path("clientCa"),
          "only applies when clientAuth is request or require (clientAuth is none)");
    }
    TlsVersion minVersion = f.get("minVersion", TlsVersion.TLS_1_2, TlsVersion.EXPECTED, TlsVersion::parse);
    var reloadInterval = f.duration("reloadInterval", TlsConfig.DEFAULT_RELOAD_INTERVAL, false);
    if (reader.errorCount() != errorsBefore) {
      return null;
    }
    return new TlsConfig(certificates, clientAuth, clientCa, minVersion, reloadInterval);
  }

  /**
   * {@code null} for an http upstream; the defaults for an https one without a {@code tls} block;
   * {@code null} too when anything was invalid (reported).
   */
  UpstreamTlsConfig upstream(Fields upstream, boolean https) {
    if (!upstream.has("tls")) {
      return https ? UpstreamTlsConfig.ofDefault() : null;
    }
    Fields f = upstream.fields("tls", UPSTREAM_TLS_KEYS);
    if (!https) {
      reader.error(reader.sourceMap().errorAt(f.path(),
          "only applies to https:// targets (expected: targets like https://host:port, or no tls)"));
      return null;
    }
    if (!f.isMapping()) {
      return null;
    }
    int errorsBefore = reader.errorCount();
    Path caFile = f.get("caFile", null, CA_EXPECTED, TlsBinder::readAuthorities);
    List<List<X509Certificate>> chains = new ArrayList<>();
    Path certFile = null;
    Path keyFile = null;
    if (f.has("certFile") || f.has("keyFile")) {
      List<TlsCertificateConfig> pair = new ArrayList<>();
      certificate(f, pair, chains, new ArrayList<>());
      if (!pair.isEmpty()) {
        certFile = pair.get(0).certFile();
        keyFile = pair.get(0).keyFile();
      }
    }
    String serverName = f.get("serverName", null, SERVER_NAME_EXPECTED, TlsBinder::serverName);
    boolean verifyHostname = f.bool("verifyHostname", true);
    if (reader.errorCount() != errorsBefore) {
      return null;
    }
    return new UpstreamTlsConfig(caFile, certFile, keyFile, serverName, verifyHostname);
  }

  /** certFile and keyFile of one mapping; the key is checked against the certificate it belongs to. */
  private void certificate(Fields f, List<TlsCertificateConfig> out, List<List<X509Certificate>> chains,
      List<String> certPaths) {
    if (!f.isMapping() || !f.require("certFile", "keyFile")) {
      return;
    }
    int errorsBefore = reader.errorCount();
    List<List<X509Certificate>> chain = new ArrayList<>(1);
    Path certFile = f.get("certFile", null, CERT_EXPECTED, s -> {
      Path path = path(s, CERT_EXPECTED);
      chain.add(parse(s, () -> PemFiles.certificates(read(s, path, CERT_EXPECTED))));
      return path;
    });
    Path keyFile = f.get("keyFile", null, KEY_EXPECTED, s -> {
      Path path = path(s, KEY_EXPECTED);
      byte[] pem = read(s, path, KEY_EXPECTED);
      if (!chain.isEmpty()) {
        parse(s, () -> PemFiles.certifiedKey(chain.get(0), pem));
      }
      return path;
    });
    if (reader.errorCount() == errorsBefore && certFile != null && keyFile != null) {
      out.add(new TlsCertificateConfig(certFile, keyFile));
      chains.add(chain.get(0));
      certPaths.add(f.path("certFile"));
    }
  }

  /**
   * Certificates are chosen by the exact DNS names they carry, so two carrying the same name would
   * leave one of them unreachable for it: almost surely a mistake, and refused.
   */
  private void checkNamesServedOnce(List<List<X509Certificate>> chains, List<String> certPaths) {
    Map<String, Integer> servedBy = new LinkedHashMap<>();
    for (int i = 0; i < chains.size(); i++) {
      for (String name : PemFiles.dnsNames(chains.get(i).get(0))) {
        Integer first = servedBy.putIfAbsent(name, i);
        if (first != null && first != i) {
          String firstCertificate = certPaths.get(first).substring(0, certPaths.get(first).lastIndexOf('.'));
          reader.error(reader.sourceMap().errorAt(certPaths.get(i), "names " + name + ", already served by "
              + firstCertificate + " (expected: each DNS name in one certificate)"));
        }
      }
    }
  }

  static Path readAuthorities(String s) {
    Path path = path(s, CA_EXPECTED);
    parse(s, () -> PemFiles.certificates(read(s, path, CA_EXPECTED)));
    return path;
  }

  static String serverName(String s) {
    String name = s.strip().toLowerCase(Locale.ROOT);
    if (!Binder.HOST_NAME.matcher(name).matches() || IpLiterals.parse(name) != null) {
      throw ValueReader.invalid(s, SERVER_NAME_EXPECTED);
    }
    return name;
  }

  private static Path path(String s, String expected) {
    if (s.isBlank()) {
      throw ValueReader.invalid(s, expected);
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      throw ValueReader.invalid(s, expected);
    }
  }

  private static byte[] read(String s, Path path, String expected) {
    try {
      return PemFiles.read(path);
    } catch (IOException e) {
      throw new IllegalArgumentException(Quote.of(s) + " cannot be read: " + PemFiles.describe(e)
          + " (expected: " + expected + ")");
    }
  }

  /** Runs a PEM check, prefixing its message with the quoted value as {@link ValueReader#parse} expects. */
  private static <T> T parse(String s, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(Quote.of(s))) {
        throw e;
      }
      throw new IllegalArgumentException(Quote.of(s) + " " + e.getMessage());
    }
  }
}
