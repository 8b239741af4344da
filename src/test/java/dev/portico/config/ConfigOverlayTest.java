package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portico.config.ConfigOverlay.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin changes merged over the config file's tree: replace, add and delete by id, errors in their own source. */
class ConfigOverlayTest {
  static final String FILE = """
      upstreams:
        a: { targets: [http://127.0.0.1:1] }
        b: { targets: [http://127.0.0.1:2] }
      consumers:
        - { id: c1, apiKey: 0123456789abcdef-c1 }
      routes:
        - { id: r1, match: { path: /r1/** }, upstream: a }
        - { id: r2, match: { path: /r2/** }, upstream: b }
      """;

  static GatewayConfig load(ConfigOverlay overlay) throws ConfigException {
    return ConfigLoader.parse(FILE, "portico.yaml", Map.<String, String>of()::get, overlay);
  }

  @Test
  void put_replacesInPlace_andAppendsNewIds() throws ConfigException {
    ConfigOverlay overlay = ConfigOverlay.empty()
        .put(Kind.ROUTES, "r1", "{match: {path: /one/**}, upstream: b}", "PUT /routes/r1")
        .put(Kind.ROUTES, "r3", "upstream: a", "PUT /routes/r3")
        .put(Kind.UPSTREAMS, "a", "targets: [http://127.0.0.1:9]", "PUT /upstreams/a");

    GatewayConfig config = load(overlay);

    assertThat(config.routes()).extracting(RouteConfig::id).containsExactly("r1", "r2", "r3");
    assertThat(config.routes().get(0).match().path()).isEqualTo("/one/**");
    assertThat(config.upstreams().keySet()).containsExactly("a", "b");
    assertThat(config.upstreams().get("a").targets().get(0).getPort()).isEqualTo(9);
  }

  @Test
  void remove_deletesFromTheFile() throws ConfigException {
    GatewayConfig config = load(ConfigOverlay.empty().remove(Kind.ROUTES, "r2").remove(Kind.UPSTREAMS, "b")
        .remove(Kind.CONSUMERS, "c1"));

    assertThat(config.routes()).extracting(RouteConfig::id).containsExactly("r1");
    assertThat(config.upstreams().keySet()).containsExactly("a");
    assertThat(config.consumers()).isEmpty();
  }

  @Test
  void errorsInAnEntry_nameItsSource_errorsInTheFile_nameTheFile() {
    ConfigOverlay overlay = catchNothing(() -> ConfigOverlay.empty()
        .put(Kind.ROUTES, "r1", "match: { path: /x }\nupstream: zz\n", "PUT /routes/r1")
        .remove(Kind.UPSTREAMS, "b"));

    ConfigException e = catchThrowableOfType(() -> load(overlay), ConfigException.class);

    assertThat(e.errors()).extracting(ConfigError::toString).containsExactlyInAnyOrder(
        "PUT /routes/r1:2:11: routes[0].upstream: \"zz\" is not a defined upstream (did you mean \"a\"?)",
        "portico.yaml:8:50: routes[1].upstream: \"b\" is not a defined upstream (did you mean \"a\"?)");
  }

  @Test
  void bodyThatIsNotAMapping_isRefused() {
    ConfigException e = catchThrowableOfType(
        () -> ConfigOverlay.empty().put(Kind.ROUTES, "r1", "[1, 2]", "PUT /routes/r1"), ConfigException.class);

    assertThat(e.getMessage()).isEqualTo(
        "PUT /routes/r1:1:1: a list (expected: a mapping, as one entry of routes in the config file)");
  }

  @Test
  void writeThenRead_roundTrips(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("state.yaml");
    ConfigOverlay.empty().put(Kind.ROUTES, "r3", "{upstream: a, timeout: 2s, priority: 10}", "PUT /routes/r3")
        .remove(Kind.ROUTES, "r2").write(file);

    GatewayConfig config = load(ConfigOverlay.read(file));

    assertThat(config.routes()).extracting(RouteConfig::id).containsExactly("r1", "r3");
    assertThat(config.routes().get(1).priority()).isEqualTo(10);
    assertThat(Files.readString(file)).startsWith("# Runtime changes made through Portico's admin API");
  }

  @Test
  void stateFileErrors_nameTheStateFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("state.yaml");
    Files.writeString(file, "routes:\n  r1: [x]\nrouts: {}\n");

    ConfigException e = catchThrowableOfType(() -> ConfigOverlay.read(file), ConfigException.class);

    assertThat(e.errors()).extracting(ConfigError::toString).containsExactly(
        file + ":2:7: routes.r1: a list (expected: a mapping, or null for a deletion)",
        file + ":3:1: routs: unknown key (did you mean \"routes\"?)");
  }

  @Test
  void missingStateFile_isEmpty(@TempDir Path dir) throws ConfigException {
    assertThat(ConfigOverlay.read(dir.resolve("none.yaml")).isEmpty()).isTrue();
  }

  interface Build {
    ConfigOverlay get() throws ConfigException;
  }

  static ConfigOverlay catchNothing(Build build) {
    try {
      return build.get();
    } catch (ConfigException e) {
      throw new AssertionError(e);
    }
  }
}
