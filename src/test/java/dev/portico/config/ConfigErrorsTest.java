package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each kind of config error, with its exact {@code file:line:col: path: message} text. */
class ConfigErrorsTest {

  private static final String UPSTREAM = "upstreams: { u: { targets: [http://h:1] } }\n";

  static List<String> errors(String yaml) {
    return errors(yaml, Map.<String, String>of()::get);
  }

  static List<String> errors(String yaml, Function<String, String> env) {
    ConfigException e =
        catchThrowableOfType(() -> ConfigLoader.parse(yaml, "portico.yaml", env), ConfigException.class);
    assertThat(e).as("expected a ConfigException").isNotNull();
    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.errors().stream().map(Object::toString).toList()));
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void unknownKey_reportsLineColumnAndSuggestion() {
    assertThat(errors(UPSTREAM + """
        routes:
          - id: a
            upstream: u
            upstreem: u
        """)).containsExactly("portico.yaml:5:5: routes[0].upstreem: unknown key (did you mean \"upstream\"?)");
  }

  @Test
  void unknownKey_withoutCloseMatch_listsValidKeys() {
    assertThat(errors("admin: { bind: x }")).containsExactly(
        "portico.yaml:1:10: admin.bind: unknown key (expected one of: host, port, token, stateFile)");
  }

  @Test
  void unknownTopLevelKey_suggestsIgnoringCase() {
    assertThat(errors("Listen: { port: 1 }")).containsExactly(
        "portico.yaml:1:1: Listen: unknown key (did you mean \"listen\"?)");
  }

  @Test
  void wrongType_textWhereNumberExpected() {
    assertThat(errors("listen: { port: abc }")).containsExactly(
        "portico.yaml:1:17: listen.port: \"abc\" (expected: a port number 0-65535, 0 = any free port)");
  }

  @Test
  void wrongType_listWhereMappingExpected() {
    assertThat(errors("listen: [8080]")).containsExactly(
        "portico.yaml:1:9: listen: a list (expected: a mapping with keys host, port, http2, idleTimeout,"
            + " requestHeaderTimeout, limits, trustedProxies, tls)");
  }

  @Test
  void portOutOfRange() {
    assertThat(errors("admin: { port: 70000 }")).containsExactly(
        "portico.yaml:1:16: admin.port: \"70000\" (expected: a port number 0-65535, 0 = any free port)");
  }

  @Test
  void badDuration_quotesValueAndExpectation() {
    assertThat(errors(UPSTREAM + """
        routes:
          - { id: a, upstream: u }
          - { id: b, upstream: u }
          - id: c
            upstream: u
            timeout: 100sec
        """)).containsExactly(
        "portico.yaml:7:14: routes[2].timeout: \"100sec\" (expected: a duration like 250ms, 2s, 1m)");
  }

  @Test
  void zeroTimeout_isRefusedNotTreatedAsNoTimeout() {
    assertThat(errors("upstreams: { u: { targets: [http://h], timeout: 0s } }")).containsExactly(
        "portico.yaml:1:49: upstreams.u.timeout: \"0s\" (expected: a positive duration like 250ms, 2s, 1m)");
  }

  @Test
  void badSize() {
    assertThat(errors("listen: { limits: { maxBodySize: 10 megs } }")).containsExactly(
        "portico.yaml:1:34: listen.limits.maxBodySize: \"10 megs\""
            + " (expected: a size like 512, 16KiB, 10MiB, 1GiB)");
  }

  @Test
  void badCidr_reportedAtTheListItem() {
    assertThat(errors("listen: { trustedProxies: [10.0.0.0/8, 10.0.0.300, 10.1.0.0/8] }")).containsExactly(
        "portico.yaml:1:40: listen.trustedProxies[1]: \"10.0.0.300\""
            + " (expected: an IP address or CIDR like 10.0.0.0/8 or ::1/128)",
        "portico.yaml:1:52: listen.trustedProxies[2]: \"10.1.0.0/8\" has host bits set (expected: 10.0.0.0/8)");
  }

  @Test
  void badTargetUri() {
    assertThat(errors("upstreams: { u: { targets: [http://a:1, \"http://b:2/api\", ftp://c:1, http://x@d] } }"))
        .containsExactly(
            "portico.yaml:1:41: upstreams.u.targets[1]: \"http://b:2/api\""
                + " (expected: http://host:port or https://host:port, without path, query or user info)",
            "portico.yaml:1:59: upstreams.u.targets[2]: \"ftp://c:1\""
                + " (expected: http://host:port or https://host:port, without path, query or user info)",
            "portico.yaml:1:70: upstreams.u.targets[3]: \"http://x@d\""
                + " (expected: http://host:port or https://host:port, without path, query or user info)");
  }

  @Test
  void emptyTargets_andMissingTargets() {
    assertThat(errors("""
        upstreams:
          a: { targets: [] }
          b: { balance: round-robin }
          c:
        """)).containsExactly(
        "portico.yaml:2:17: upstreams.a.targets: empty list"
            + " (expected: at least one http://host:port or https://host:port, without path, query or user info)",
        "portico.yaml:3:6: upstreams.b: missing required key \"targets\"",
        "portico.yaml:4:5: upstreams.c: missing required key \"targets\"");
  }

  @Test
  void badMethod() {
    assertThat(errors(UPSTREAM + "routes: [{ id: a, upstream: u, match: { methods: [GET, \"GE T\"] } }]"))
        .containsExactly("portico.yaml:2:56: routes[0].match.methods[1]: \"GE T\""
            + " (expected: an HTTP method like GET or POST)");
  }

  @Test
  void badBalance() {
    assertThat(errors("upstreams: { u: { targets: [http://h], balance: random } }")).containsExactly(
        "portico.yaml:1:49: upstreams.u.balance: \"random\""
            + " (expected: round-robin, least-request or consistent-hash)");
  }

  @Test
  void consistentHashWithoutHashOn() {
    assertThat(errors("upstreams: { u: { targets: [http://h], balance: consistent-hash } }")).containsExactly(
        "portico.yaml:1:49: upstreams.u.balance: consistent-hash needs hashOn"
            + " (expected: hashOn: client-ip or header:<name>)");
  }

  @Test
  void hashOnWithoutConsistentHash() {
    assertThat(errors("upstreams: { u: { targets: [http://h], hashOn: client-ip } }")).containsExactly(
        "portico.yaml:1:48: upstreams.u.hashOn: only applies to balance: consistent-hash (balance is round-robin)");
  }

  @Test
  void badHashOn() {
    assertThat(errors("upstreams: { u: { targets: [http://h], balance: consistent-hash, hashOn: cookie } }"))
        .containsExactly("portico.yaml:1:74: upstreams.u.hashOn: \"cookie\""
            + " (expected: client-ip or header:<name>)");
  }

  @Test
  void duplicateRouteId_pointsAtSecond() {
    assertThat(errors(UPSTREAM + """
        routes:
          - { id: orders, upstream: u }
          - { id: orders, upstream: u }
        """)).containsExactly(
        "portico.yaml:4:11: routes[1].id: \"orders\" is already the id of routes[0] (expected: a unique route id)");
  }

  @Test
  void unknownUpstream_suggestsClosestName() {
    assertThat(errors("""
        upstreams: { orders: { targets: [http://h] }, users: { targets: [http://h] } }
        routes: [{ id: a, upstream: ordres }, { id: b, upstream: billing }]
        """)).containsExactly(
        "portico.yaml:2:29: routes[0].upstream: \"ordres\" is not a defined upstream (did you mean \"orders\"?)",
        "portico.yaml:2:58: routes[1].upstream: \"billing\" is not a defined upstream"
            + " (expected one of: orders, users)");
  }

  @Test
  void unknownUpstream_whenNoneDefined() {
    assertThat(errors("routes: [{ id: a, upstream: u }]")).containsExactly(
        "portico.yaml:1:29: routes[0].upstream: \"u\" is not a defined upstream (no upstreams are defined)");
  }

  @Test
  void missingRequiredRouteKeys_reportedAtTheRoute() {
    assertThat(errors(UPSTREAM + "routes:\n  - match: { path: /x }\n")).containsExactly(
        "portico.yaml:3:5: routes[0]: missing required key \"id\"",
        "portico.yaml:3:5: routes[0]: missing required key \"upstream\"");
  }

  @Test
  void rewriteWithBothOrNeither() {
    assertThat(errors(UPSTREAM + """
        routes:
          - { id: a, upstream: u, rewrite: { stripPrefix: /api, path: /v2 } }
          - { id: b, upstream: u, rewrite: {} }
        """)).containsExactly(
        "portico.yaml:3:36: routes[0].rewrite: sets both stripPrefix and path (expected: exactly one of them)",
        "portico.yaml:4:36: routes[1].rewrite: sets neither stripPrefix nor path (expected: exactly one of them)");
  }

  @Test
  void pathTemplatesAndRewriteParameters_areValidatedWithPositions() {
    assertThat(errors(UPSTREAM + "routes: [{ id: a, upstream: u, match: { path: \"/a/{unclosed\" } }]"))
        .containsExactly("portico.yaml:2:47: routes[0].match.path: \"/a/{unclosed\": unclosed \"{\""
            + " (expected: {name} as a whole segment)");
    assertThat(errors(UPSTREAM + "routes: [{ id: a, upstream: u, match: { path: \"/a/{id}\" },"
        + " rewrite: { path: \"/b/{x}\" } }]"))
        .containsExactly("portico.yaml:2:77: routes[0].rewrite.path: \"{x}\" is not captured by match.path"
            + " \"/a/{id}\" (expected: one of [id])");
    assertThat(errors(UPSTREAM + "routes: [{ id: a, upstream: u, match: { path: api/x } }]")).containsExactly(
        "portico.yaml:2:47: routes[0].match.path: \"api/x\" (expected: a path starting with /)");
  }

  @Test
  void badHostPattern() {
    assertThat(errors(UPSTREAM + "routes: [{ id: a, upstream: u, match: { hosts: [\"a.*.com\"] } }]"))
        .containsExactly("portico.yaml:2:49: routes[0].match.hosts[0]: \"a.*.com\""
            + " (expected: a host name like api.example.com or *.example.com)");
  }

  @Test
  void adminPortSameAsListenPort() {
    assertThat(errors("listen: { port: 8080 }\nadmin: { port: 8080 }")).containsExactly(
        "portico.yaml:2:16: admin.port: port 8080 is already used by listen.port (expected: a different port)");
  }

  @Test
  void negativeEventLoops_isAnErrorNotADefault() {
    assertThat(errors("eventLoops: -1")).containsExactly(
        "portico.yaml:1:13: eventLoops: \"-1\" (expected: a number of event loops 0-4096, 0 = one per core)");
  }

  @Test
  void explicitNull_isAMissingValueNotADefault() {
    assertThat(errors("listen: { idleTimeout: ~ }")).containsExactly(
        "portico.yaml:1:24: listen.idleTimeout: missing value (expected: a duration like 250ms, 2s, 1m (0 = never))");
  }

  @Test
  void duplicateKey_reportedAtSecondWithFirstLine() {
    assertThat(errors("""
        listen:
          port: 1
          host: 0.0.0.0
          port: 2
        """)).containsExactly("portico.yaml:4:3: listen.port: duplicate key (first set at line 2)");
  }

  @Test
  void duplicateUpstreamName() {
    assertThat(errors("""
        upstreams:
          u: { targets: [http://a] }
          u: { targets: [http://b] }
        """)).containsExactly("portico.yaml:3:3: upstreams.u: duplicate key (first set at line 2)");
  }

  @Test
  void syntaxError_hasLineAndColumn() {
    assertThat(errors("""
        listen:
          port: 1
         host: x
        """)).containsExactly("portico.yaml:3:2: expected <block end>, but found '<block mapping start>'"
        + " (while parsing a block mapping)");
  }

  @Test
  void customTags_areRefused() {
    assertThat(errors("""
        listen: !!javax.script.ScriptEngineManager [x]
        """)).hasSize(1).first().asString().startsWith("portico.yaml:1:9: Global tag is not allowed");
    assertThat(errors("admin: !foo { port: 1 }\naccessLog: { path: !!binary aGk= }")).containsExactly(
        "portico.yaml:1:8: admin: tag !foo is not allowed (expected: plain YAML values without tags)",
        "portico.yaml:2:20: accessLog.path: tag !!binary is not allowed (expected: plain YAML values without tags)");
  }

  @Test
  void mergeKeys_areRefusedWithReason() {
    assertThat(errors("listen: { <<: { port: 1 } }")).containsExactly(
        "portico.yaml:1:11: listen.<<: merge keys are not supported (expected: the keys written out)");
  }

  @Test
  void billionLaughs_isRefusedQuickly() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 30; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    List<String> errors = errors(yaml.toString());
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).contains("Number of aliases for non-scalar nodes exceeds the specified max=50");
  }

  @Test
  void severalErrors_reportedTogetherInFileOrder() {
    assertThat(errors("""
        listen: { port: http, idleTimeout: 5 }
        upstreams:
          orders: { targets: [http://h], balance: least-requests }
        routes:
          - { id: a, upstream: order, timeout: 2x }
          - { id: a, upstream: orders, preserveHost: maybe }
        """)).containsExactly(
        "portico.yaml:1:17: listen.port: \"http\" (expected: a port number 0-65535, 0 = any free port)",
        "portico.yaml:1:36: listen.idleTimeout: \"5\" (expected: a duration like 250ms, 2s, 1m)",
        "portico.yaml:3:43: upstreams.orders.balance: \"least-requests\""
            + " (expected: round-robin, least-request or consistent-hash)",
        "portico.yaml:5:24: routes[0].upstream: \"order\" is not a defined upstream (did you mean \"orders\"?)",
        "portico.yaml:5:40: routes[0].timeout: \"2x\" (expected: a duration like 250ms, 2s, 1m)",
        "portico.yaml:6:11: routes[1].id: \"a\" is already the id of routes[0] (expected: a unique route id)",
        "portico.yaml:6:46: routes[1].preserveHost: \"maybe\" (expected: true or false)");
  }

  @Test
  void errorRecord_exposesParts() {
    ConfigException e = catchThrowableOfType(
        () -> ConfigLoader.parse("admin: { port: x }", "conf/p.yaml", k -> null), ConfigException.class);
    assertThat(e.errors()).containsExactly(new ConfigError("conf/p.yaml", 1, 16, "admin.port",
        "\"x\" (expected: a port number 0-65535, 0 = any free port)"));
  }
}
