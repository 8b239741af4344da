package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.runtime.Gateway;
import dev.portico.testing.Http;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin changes survive a restart: they are kept in the state file next to the config, merged over the config file
 * at every load, and the operator's file is never rewritten.
 */
class AdminPersistenceIT {
  static final String TOKEN = "persistence-test-token-0123";
  static Vertx vertx;
  static TestUpstream backend;
  static TestUpstream spare;

  @TempDir
  Path dir;

  @BeforeAll
  static void startBackends() {
    vertx = Vertx.vertx();
    backend = TestUpstream.echo(vertx, "backend");
    spare = TestUpstream.echo(vertx, "spare");
  }

  @AfterAll
  static void stopBackends() {
    backend.close();
    spare.close();
    vertx.close();
  }

  String config() {
    return """
        # the operator's comments stay
        listen: { port: 0 }
        admin: { port: 0, token: "%s" }
        accessLog: { enabled: false }
        eventLoops: 1
        upstreams:
          backend: { targets: [%s] }
        routes:
          - { id: old, match: { path: /old/** }, upstream: backend }
        """.formatted(TOKEN, backend.url());
  }

  static HttpResponse<String> admin(Gateway gateway, String method, String path, String body) {
    return Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)),
        "Authorization", "Bearer " + TOKEN);
  }

  static int get(Gateway gateway, String path) {
    return Http.get("http://127.0.0.1:" + gateway.port() + path).statusCode();
  }

  static void stop(Gateway gateway) throws Exception {
    gateway.shutdown().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void changesSurviveARestart_andTheConfigFileIsNeverRewritten() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config());
    Gateway first = Gateway.start(file);
    try {
      assertThat(admin(first, "PUT", "/upstreams/extra", "{\"targets\": [\"" + spare.url() + "\"]}").statusCode())
          .isEqualTo(201);
      assertThat(admin(first, "PUT", "/routes/added", "match: { path: /added/** }\nupstream: extra\n")
          .statusCode()).isEqualTo(201);
      assertThat(admin(first, "DELETE", "/routes/old", null).statusCode()).isEqualTo(200);
      assertThat(get(first, "/added/1")).isEqualTo(200);
    } finally {
      stop(first);
    }
    assertThat(Files.readString(file)).isEqualTo(config());
    Path state = dir.resolve("portico.yaml.admin.yaml");
    assertThat(state).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");

    Gateway second = Gateway.start(file);
    try {
      HttpResponse<String> served = Http.get("http://127.0.0.1:" + second.port() + "/added/1");
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.headers().firstValue("X-Upstream")).hasValue("spare");
      assertThat(get(second, "/old/1")).isEqualTo(404);
      JsonObject changes = new JsonObject(admin(second, "GET", "/config/changes", null).body()).getJsonObject("changes");
      assertThat(changes.getJsonObject("routes").getMap()).containsEntry("added", "put").containsEntry("old", "deleted");
    } finally {
      stop(second);
    }
  }

  @Test
  void fileReload_keepsAdminChangesMergedOverTheFile() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config());
    Gateway gateway = Gateway.start(file);
    try {
      assertThat(admin(gateway, "PUT", "/routes/added", "{\"match\": {\"path\": \"/added/**\"}, \"upstream\": \"backend\"}")
          .statusCode()).isEqualTo(201);
      Files.writeString(file, config() + "  - { id: fromfile, match: { path: /fromfile/** }, upstream: backend }\n");

      HttpResponse<String> reload = admin(gateway, "POST", "/reload", null);

      assertThat(new JsonObject(reload.body()).getString("outcome")).isIn("applied", "busy", "unchanged");
      awaitServes(gateway, "/fromfile/1");
      assertThat(get(gateway, "/added/1")).isEqualTo(200);
      assertThat(get(gateway, "/old/1")).isEqualTo(200);
    } finally {
      stop(gateway);
    }
  }

  @Test
  void configuredStateFile_isUsed() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config().replace("token: \"" + TOKEN + "\"", "token: \"" + TOKEN + "\", stateFile: state/changes.yaml"));
    Files.createDirectories(dir.resolve("state"));
    Gateway gateway = Gateway.start(file);
    try {
      assertThat(admin(gateway, "DELETE", "/routes/old", null).statusCode()).isEqualTo(200);
    } finally {
      stop(gateway);
    }
    assertThat(Files.readString(dir.resolve("state/changes.yaml"))).contains("old: null");
  }

  @Test
  void aBrokenStateFile_isReportedWithItsPosition_atStart() throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, config());
    Files.writeString(dir.resolve("portico.yaml.admin.yaml"), "routes:\n  old:\n    upstream: nowhere\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Gateway.start(file))
        .hasMessageContaining(dir.resolve("portico.yaml.admin.yaml") + ":3:15: routes[0].upstream: \"nowhere\"");
  }

  /** The watcher may have picked the file up first; either way the route must serve. */
  static void awaitServes(Gateway gateway, String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (get(gateway, path) != 200) {
      assertThat(System.nanoTime()).as(path + " served").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
