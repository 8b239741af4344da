package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  static final String EXAMPLE = """
      listen: { host: 0.0.0.0, port: 8080, http2: true, idleTimeout: 60s, requestHeaderTimeout: 10s,
                limits: { maxHeaderSize: 16KiB, maxHeaderCount: 100, maxUriLength: 8KiB, maxBodySize: 10MiB },
                trustedProxies: [127.0.0.1, 10.0.0.0/8] }
      admin: { host: 127.0.0.1, port: 9901 }
      accessLog: { enabled: true, path: stdout }
      shutdown: { drainTimeout: 30s }
      eventLoops: 0
      upstreams:
        orders: { targets: [http://127.0.0.1:9101, http://127.0.0.1:9102], balance: least-request,
                  connectTimeout: 1s, timeout: 2s, idleTimeout: 30s, maxConnectionsPerTarget: 100 }
        users:  { targets: ["http://127.0.0.1:${USERS_PORT}"], balance: consistent-hash, hashOn: "header:X-User-Id" }
      routes:
        - id: orders
          priority: 10
          match: { hosts: [shop.example.com, "*.shop.example.com"], path: /api/orders/**, methods: [GET, POST],
                   headers: { X-Version: "2" }, query: { debug: "*" } }
          upstream: orders
          rewrite: { stripPrefix: /api }
          timeout: 5s
          maxBodySize: 1MiB
        - id: order-by-id
          match: { path: "/shop/orders/{id}" }
          upstream: orders
          rewrite: { path: "/orders/{id}" }
          preserveHost: true
      """;

  static final Map<String, String> ENV = Map.of("USERS_PORT", "9201");

  static GatewayConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", ENV::get);
  }

  @Test
  void fullExample_bindsEveryValue() throws ConfigException {
    GatewayConfig config = parse(EXAMPLE);

    assertThat(config.listen()).isEqualTo(new ListenConfig("0.0.0.0", 8080, true, Duration.ofSeconds(60),
        Duration.ofSeconds(10), new LimitsConfig(16 * 1024, 100, 8 * 1024, 10L * 1024 * 1024),
        List.of(Cidr.parse("127.0.0.1/32"), Cidr.parse("10.0.0.0/8"))));
    assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 9901));
    assertThat(config.accessLog()).isEqualTo(new AccessLogConfig(true, "stdout"));
    assertThat(config.shutdown()).isEqualTo(new ShutdownConfig(Duration.ofSeconds(30)));
    assertThat(config.eventLoops()).isZero();

    assertThat(config.upstreams()).containsOnlyKeys("orders", "users");
    assertThat(config.upstreams().keySet()).containsExactly("orders", "users");
    assertThat(config.upstreams().get("orders")).isEqualTo(new UpstreamConfig("orders",
        List.of(URI.create("http://127.0.0.1:9101"), URI.create("http://127.0.0.1:9102")), Balance.LEAST_REQUEST,
        null, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30), 100));
    assertThat(config.upstreams().get("users")).isEqualTo(new UpstreamConfig("users",
        List.of(URI.create("http://127.0.0.1:9201")), Balance.CONSISTENT_HASH, HashKey.header("X-User-Id"),
        Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60), 256));

    assertThat(config.routes()).containsExactly(
        new RouteConfig("orders", 10,
            new MatchConfig(List.of("shop.example.com", "*.shop.example.com"), "/api/orders/**",
                List.of("GET", "POST"), Map.of("X-Version", "2"), Map.of("debug", "*")),
            "orders", RewriteConfig.stripPrefix("/api"), false, Duration.ofSeconds(5), 1024L * 1024, null, null),
        new RouteConfig("order-by-id", 0,
            new MatchConfig(List.of(), "/shop/orders/{id}", List.of(), Map.of(), Map.of()),
            "orders", RewriteConfig.path("/orders/{id}"), true, null, null, null, null));
    assertThat(config.source().file()).isEqualTo("portico.yaml");
  }

  @Test
  void minimalFile_appliesDefaults() throws ConfigException {
    GatewayConfig config = parse("""
        upstreams: { u: { targets: [http://backend] } }
        routes: [{id: a, upstream: u}]
        """);

    assertThat(config.listen()).isEqualTo(ListenConfig.ofDefault());
    assertThat(config.listen().host()).isEqualTo("0.0.0.0");
    assertThat(config.listen().port()).isEqualTo(8080);
    assertThat(config.listen().http2()).isTrue();
    assertThat(config.listen().limits()).isEqualTo(new LimitsConfig(16384, 100, 8192, 10_485_760));
    assertThat(config.listen().trustedProxies()).isEmpty();
    assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 9901));
    assertThat(config.accessLog()).isEqualTo(new AccessLogConfig(true, "stdout"));
    assertThat(config.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.eventLoops()).isZero();
    assertThat(config.upstreams().get("u")).isEqualTo(new UpstreamConfig("u",
        List.of(URI.create("http://backend:80")), Balance.ROUND_ROBIN, null, Duration.ofSeconds(2),
        Duration.ofSeconds(30), Duration.ofSeconds(60), 256));
    assertThat(config.routes()).containsExactly(
        new RouteConfig("a", 0, MatchConfig.ofDefault(), "u", null, false, null, null, null, null));
    assertThat(config.routes().get(0).match().path()).isEqualTo("/**");
  }

  @Test
  void emptyFile_isAValidConfigWithNoRoutes() throws ConfigException {
    GatewayConfig config = parse("");

    assertThat(config.routes()).isEmpty();
    assertThat(config.upstreams()).isEmpty();
    assertThat(config.listen()).isEqualTo(ListenConfig.ofDefault());
  }

  @Test
  void blockStyle_bindsLikeFlowStyle() throws ConfigException {
    GatewayConfig flow = parse(EXAMPLE);
    GatewayConfig block = parse("""
        listen:
          host: 0.0.0.0
          port: 8080
          http2: true
          idleTimeout: 60s
          requestHeaderTimeout: 10s
          limits:
            maxHeaderSize: 16KiB
            maxHeaderCount: 100
            maxUriLength: 8KiB
            maxBodySize: 10MiB
          trustedProxies:
            - 127.0.0.1
            - 10.0.0.0/8
        admin:
          host: 127.0.0.1
          port: 9901
        accessLog:
          enabled: true
          path: stdout
        shutdown:
          drainTimeout: 30s
        eventLoops: 0
        upstreams:
          orders:
            targets:
              - http://127.0.0.1:9101
              - http://127.0.0.1:9102
            balance: least-request
            connectTimeout: 1s
            timeout: 2s
            idleTimeout: 30s
            maxConnectionsPerTarget: 100
          users:
            targets:
              - "http://127.0.0.1:${USERS_PORT}"
            balance: consistent-hash
            hashOn: "header:X-User-Id"
        routes:
          - id: orders
            priority: 10
            match:
              hosts:
                - shop.example.com
                - "*.shop.example.com"
              path: /api/orders/**
              methods:
                - GET
                - POST
              headers:
                X-Version: "2"
              query:
                debug: "*"
            upstream: orders
            rewrite:
              stripPrefix: /api
            timeout: 5s
            maxBodySize: 1MiB
          - id: order-by-id
            match:
              path: "/shop/orders/{id}"
            upstream: orders
            rewrite:
              path: "/orders/{id}"
            preserveHost: true
        """);

    assertThat(block.listen()).isEqualTo(flow.listen());
    assertThat(block.admin()).isEqualTo(flow.admin());
    assertThat(block.accessLog()).isEqualTo(flow.accessLog());
    assertThat(block.shutdown()).isEqualTo(flow.shutdown());
    assertThat(block.upstreams()).isEqualTo(flow.upstreams());
    assertThat(block.routes()).isEqualTo(flow.routes());
  }

  @Test
  void valuesAreNormalized_hostsLowerMethodsUpperTargetsWithPort() throws ConfigException {
    GatewayConfig config = parse("""
        upstreams: { u: { targets: ["HTTP://Backend.Local/", "http://[::1]:9000"] } }
        routes: [{ id: a, upstream: u, match: { hosts: [API.Example.COM], methods: [get, Patch] } }]
        """);

    assertThat(config.upstreams().get("u").targets())
        .containsExactly(URI.create("http://backend.local:80"), URI.create("http://[::1]:9000"));
    assertThat(config.routes().get(0).match().hosts()).containsExactly("api.example.com");
    assertThat(config.routes().get(0).match().methods()).containsExactly("GET", "PATCH");
  }

  @Test
  void boundCollections_areImmutable() throws ConfigException {
    GatewayConfig config = parse(EXAMPLE);

    assertThatThrownBy(() -> config.routes().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.upstreams().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.routes().get(0).match().headers().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.listen().trustedProxies().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void load_readsFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("portico.yaml");
    Files.writeString(file, "admin: { port: 9902 }\n");
    assertThat(ConfigLoader.load(file).admin().port()).isEqualTo(9902);

    Files.writeString(file, "admin: { port: x }\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":1:16: admin.port: \"x\" (expected: a port number 0-65535, 0 = any free port)");
  }

  @Test
  void load_missingFile_isAConfigErrorWithoutPosition(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": cannot read: ");
  }

  @Test
  void sourceMap_errorAt_pointsAtNestedValue() throws ConfigException {
    GatewayConfig config = parse(EXAMPLE);

    assertThat(config.source().errorAt("routes[1].match.path", "bad pattern").toString())
        .isEqualTo("portico.yaml:22:20: routes[1].match.path: bad pattern");
    assertThat(config.source().errorAt("upstreams.orders.targets[1]", "unreachable").toString())
        .isEqualTo("portico.yaml:9:46: upstreams.orders.targets[1]: unreachable");
  }

  @Test
  void sourceMap_errorAt_fallsBackToNearestAncestor() throws ConfigException {
    GatewayConfig config = parse(EXAMPLE);

    // routes[1] has no methods key: the error goes to the match mapping that would hold it.
    ConfigError error = config.source().errorAt("routes[1].match.methods[0]", "no such method");
    assertThat(error.line()).isEqualTo(22);
    assertThat(error.column()).isEqualTo(12);
    assertThat(error.path()).isEqualTo("routes[1].match.methods[0]");
  }

  @Test
  void tenThousandRoutes_load() throws ConfigException {
    StringBuilder yaml = new StringBuilder("upstreams:\n  u: { targets: [http://127.0.0.1:9000] }\nroutes:\n");
    for (int i = 0; i < 10_000; i++) {
      yaml.append("  - id: r").append(i).append('\n')
          .append("    match: { hosts: [h").append(i).append(".example.com], path: \"/api/r").append(i)
          .append("/{id}\", methods: [GET], headers: { X-Tenant: t").append(i).append(" } }\n")
          .append("    upstream: u\n")
          .append("    rewrite: { stripPrefix: /api }\n")
          .append("    timeout: 5s\n");
    }

    GatewayConfig config = parse(yaml.toString());

    assertThat(config.routes()).hasSize(10_000);
    assertThat(config.routes().get(9_999).id()).isEqualTo("r9999");
    assertThat(config.source().errorAt("routes[9999].match.path", "x").line()).isEqualTo(4 + 5 * 9_999 + 1);
  }
}
