package dev.portico.testing;

import dev.portico.runtime.Gateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway in the test JVM, started from YAML written to a temporary file, listening on
 * ephemeral ports (the YAML should not set ports: they are added as 0 unless present).
 */
public final class TestGateway implements AutoCloseable {
  private final Path file;
  private final Gateway gateway;

  private TestGateway(Path file, Gateway gateway) {
    this.file = file;
    this.gateway = gateway;
  }

  public static TestGateway start(String yaml) {
    try {
      Path file = Files.createTempFile("portico-test-", ".yaml");
      Files.writeString(file, withEphemeralPorts(yaml));
      return new TestGateway(file, Gateway.start(file));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds {@code listen}/{@code admin} blocks on port 0 and an access log off, unless given. */
  static String withEphemeralPorts(String yaml) {
    StringBuilder out = new StringBuilder();
    if (!yaml.contains("listen:")) {
      out.append("listen: { port: 0 }\n");
    }
    if (!yaml.contains("admin:")) {
      out.append("admin: { port: 0 }\n");
    }
    if (!yaml.contains("accessLog:")) {
      out.append("accessLog: { enabled: false }\n");
    }
    if (!yaml.contains("eventLoops:")) {
      out.append("eventLoops: 2\n");
    }
    return out.append(yaml).toString();
  }

  /** Replaces the config file atomically (write then rename), as a deploy tool would. */
  public void rewrite(String yaml) {
    try {
      Path tmp = Files.createTempFile(file.getParent(), "portico-next-", ".yaml");
      Files.writeString(tmp, withEphemeralPorts(yaml));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path file() {
    return file;
  }

  public Gateway gateway() {
    return gateway;
  }

  public int port() {
    return gateway.port();
  }

  public int adminPort() {
    return gateway.adminPort();
  }

  /** The admin API's bearer token (generated at start unless the YAML sets admin.token). */
  public String adminToken() {
    return gateway.adminToken();
  }

  public String adminUrl(String path) {
    return "http://127.0.0.1:" + adminPort() + path;
  }

  /** A GET on the admin port with the admin token. */
  public HttpResponse<String> adminGet(String path, String... headerPairs) {
    return adminSend(HttpRequest.newBuilder(URI.create(adminUrl(path))).GET(), headerPairs);
  }

  /** Sends {@code builder} (its URI on the admin port) with the admin token. */
  public HttpResponse<String> adminSend(HttpRequest.Builder builder, String... headerPairs) {
    return Http.send(builder.header("Authorization", "Bearer " + adminToken()), headerPairs);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    try {
      gateway.shutdown().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".admin.yaml"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
