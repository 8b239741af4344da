package dev.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands that start nothing, run through picocli in this JVM (Main.main would System.exit). */
class CliTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void captureOutput() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path write(String name, String yaml) throws Exception {
    return Files.writeString(dir.resolve(name), yaml);
  }

  static final String VALID = """
      upstreams:
        orders: { targets: [http://127.0.0.1:9101, http://127.0.0.1:9102] }
        users: { targets: [http://127.0.0.1:9201] }
      routes:
        - id: orders
          match: { path: /api/orders/**, methods: [GET, POST] }
          upstream: orders
          rewrite: { stripPrefix: /api }
        - id: user
          priority: 5
          match: { path: "/api/users/{id}" }
          upstream: users
          rewrite: { path: "/users/{id}" }
      """;

  @Test
  void validate_validFile_printsValidAndExitsZero() throws Exception {
    Path file = write("ok.yaml", VALID);

    int exit = run("validate", file.toString());

    assertThat(exit).isZero();
    assertThat(out()).isEqualTo(file + ": valid (2 route(s), 2 upstream(s))" + System.lineSeparator());
    assertThat(err()).isEmpty();
  }

  @Test
  void validate_fileWithSeveralErrors_printsEachWithPositionAndExitsOne() throws Exception {
    Path file = write("bad.yaml", """
        upstreams:
          orders: { targets: [http://127.0.0.1:9101], timeuot: 2s }
        routes:
          - id: orders
            match: { path: /api/orders/** }
            upstream: orderz
          - id: orders
            match: { path: /x }
            upstream: orders
        """);

    int exit = run("validate", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out()).isEmpty();
    assertThat(err().lines()).containsExactly(
        file + ":2:47: upstreams.orders.timeuot: unknown key (did you mean \"timeout\"?)",
        file + ":6:15: routes[0].upstream: \"orderz\" is not a defined upstream (did you mean \"orders\"?)",
        file + ":7:9: routes[1].id: \"orders\" is already the id of routes[0] (expected: a unique route id)");
  }

  @Test
  void validate_badPathTemplate_isReportedByTheCompilerWithPosition() throws Exception {
    Path file = write("template.yaml", """
        upstreams:
          orders: { targets: [http://127.0.0.1:9101] }
        routes:
          - id: ok
            match: { path: /ok }
            upstream: orders
          - id: broken
            match: { path: "/a/{id" }
            upstream: orders
          - id: uncaptured
            match: { path: "/b/{id}" }
            upstream: orders
            rewrite: { path: "/c/{name}" }
        """);

    int exit = run("validate", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err().lines()).hasSize(2);
    assertThat(err().lines().toList().get(0)).startsWith(file + ":8:20: routes[1].match.path: ");
    assertThat(err().lines().toList().get(1)).isEqualTo(file + ":13:22: routes[2].rewrite.path: "
        + "\"{name}\" is not captured by match.path \"/b/{id}\" (expected: one of [id])");
  }

  @Test
  void validate_bindingAndCompileErrorsInOneFile_areAllReported() throws Exception {
    Path file = write("both.yaml", """
        upstreams:
          orders: { targets: [http://127.0.0.1:9101], timeuot: 2s }
        routes:
          - id: broken
            match: { path: "/a/{id" }
            upstream: orders
        """);

    int exit = run("validate", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err().lines()).containsExactly(
        file + ":2:47: upstreams.orders.timeuot: unknown key (did you mean \"timeout\"?)",
        file + ":5:20: routes[0].match.path: \"/a/{id\": unclosed \"{\" (expected: {name} as a whole segment)");
  }

  @Test
  void validate_missingFile_exitsOne() {
    int exit = run("validate", dir.resolve("absent.yaml").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err()).contains("absent.yaml");
  }

  @Test
  void routes_printsIdMatchUpstreamAndTargetsOfEachRoute() throws Exception {
    Path file = write("ok.yaml", VALID);

    int exit = run("routes", file.toString());

    assertThat(exit).isZero();
    String text = out();
    assertThat(text).contains("""
        user  (priority 5)
          match    * /api/users/{id}
          upstream users [http://127.0.0.1:9201] round-robin
          rewrite  path /users/{id}
        """);
    assertThat(text).contains("""
        orders  (priority 0)
          match    GET,POST /api/orders/**
          upstream orders [http://127.0.0.1:9101, http://127.0.0.1:9102] round-robin
          rewrite  stripPrefix /api
        """);
    // Higher priority first.
    assertThat(text.indexOf("user  (priority 5)")).isLessThan(text.indexOf("orders  (priority 0)"));
    assertThat(text).endsWith("2 route(s)" + System.lineSeparator());
  }

  @Test
  void routes_printsTheCallsOfAnAggregate() throws Exception {
    Path file = write("agg.yaml", """
        upstreams:
          orders: { targets: [http://127.0.0.1:9101] }
        routes:
          - id: checkout
            match: { path: "/checkout/{id}", methods: [GET] }
            aggregateTimeout: 2s
            aggregate:
              order: { upstream: orders, path: "/orders/{id}", required: true }
              lines: { upstream: orders, path: "/lines?order={order.id}" }
            shape: { mobile: { fields: [order.id] } }
        """);

    int exit = run("routes", file.toString());

    assertThat(exit).isZero();
    assertThat(out()).contains("""
        checkout  (priority 0)
          match    GET /checkout/{id}
          call     order GET orders /orders/{id}  required
          call     lines GET orders /lines?order={order.id}
          timeout  PT2S
          chain    aggregate  views [mobile]""");
  }

  @Test
  void routes_printsMediaTypeVersionsSplitsAndTenantFlags() throws Exception {
    Path file = write("versions.yaml", """
        consumers:
          - { id: acme-app, tenant: acme, apiKey: ak_acme_0123456789abcdef }
        upstreams:
          orders: { targets: [http://127.0.0.1:9101] }
          canary: { targets: [http://127.0.0.1:9102] }
          orders-v2: { targets: [http://127.0.0.1:9103] }
        routes:
          - id: orders
            match: { path: /orders/**, mediaType: { type: application/vnd.shop+json, param: version, value: "2" } }
            auth: { apiKey: true }
            upstreams:
              - { upstream: orders, weight: 90 }
              - { upstream: canary, weight: 10 }
            flags:
              - { name: v2, tenants: [acme, globex], upstream: orders-v2 }
        """);

    assertThat(run("routes", file.toString())).isZero();
    assertThat(out()).contains("  match    * /orders/**  accept application/vnd.shop+json;version=2\n")
        .contains("  split    orders 90 canary 10\n")
        .contains("  flag     v2 tenants acme,globex -> orders-v2\n")
        .contains("chain    auth -> flags -> upstreams -> varyAccept -> proxy");
  }

  @Test
  void routes_printsEachRoutesComputedChainInStageOrder() throws Exception {
    Path file = write("chain.yaml", """
        cors: { allowedOrigins: ["https://app.example.com"] }
        auth:
          jwt:
            main: { issuer: https://id.example, audiences: [shop], secret: "0123456789abcdef0123456789abcdef" }
        upstreams:
          orders: { targets: [http://127.0.0.1:9101] }
        routes:
          - id: limited
            match: { path: /a/** }
            upstream: orders
            rateLimit: { per: ip, limit: 10/s }
            maxInFlight: 5
            auth: { jwt: main }
          - { id: plain, match: { path: /b/** }, upstream: orders, cors: false }
        """);

    assertThat(run("routes", file.toString())).isZero();
    assertThat(out()).contains("chain    cors -> auth -> maxInFlight -> rateLimit -> proxy")
        .contains("chain    proxy");
  }

  @Test
  void routes_invalidFile_printsErrorsAndExitsOne() throws Exception {
    Path file = write("bad.yaml", VALID.replace("upstream: users", "upstream: userz"));

    int exit = run("routes", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err()).contains(file + ":12:15: routes[1].upstream: \"userz\" is not a defined upstream");
  }

  @Test
  void help_listsTheCommands() {
    int exit = run("--help");

    assertThat(exit).isZero();
    assertThat(out()).contains("run", "validate", "routes", "demo", "Examples:");
  }
}
