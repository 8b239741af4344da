package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceMapTest {

  private static SourceMap load(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", k -> null).source();
  }

  @Test
  void errorAt_nestedKey_pointsAtItsValue() throws ConfigException {
    SourceMap source = load("""
        upstreams:
          u: { targets: [http://a, http://b] }
        routes:
          - id: a
            upstream: u
            match:
              path: /orders/{id}
        """);

    assertThat(source.errorAt("routes[0].match.path", "some later check").toString())
        .isEqualTo("portico.yaml:7:13: routes[0].match.path: some later check");
    assertThat(source.errorAt("upstreams.u.targets[1]", "x").toString())
        .isEqualTo("portico.yaml:2:28: upstreams.u.targets[1]: x");
  }

  @Test
  void errorAt_absentPath_usesNearestAncestor() throws ConfigException {
    SourceMap source = load("upstreams: { u: { targets: [http://a] } }\nroutes: [{ id: a, upstream: u }]");

    assertThat(source.errorAt("routes[0].match.path", "x").toString())
        .isEqualTo("portico.yaml:2:10: routes[0].match.path: x");
    assertThat(source.errorAt("routes[7].id", "x").toString()).isEqualTo("portico.yaml:2:9: routes[7].id: x");
    assertThat(source.errorAt("upstreams.u.targets[5]", "x").line()).isEqualTo(1);
  }

  @Test
  void errorAt_upstreamNameWithDots_resolves() throws ConfigException {
    SourceMap source = load("upstreams:\n  svc.v2: { targets: [http://a] }\n  svc: { targets: [http://b] }\n");

    assertThat(source.errorAt("upstreams.svc.v2.targets[0]", "x").toString())
        .isEqualTo("portico.yaml:2:23: upstreams.svc.v2.targets[0]: x");
    assertThat(source.errorAt("upstreams.svc.targets[0]", "x").toString())
        .isEqualTo("portico.yaml:3:20: upstreams.svc.targets[0]: x");
  }

  @Test
  void errorAt_aliasedValue_pointsAtTheAnchor() throws ConfigException {
    SourceMap source = load("""
        upstreams:
          a: &common { targets: [http://a] }
          b: *common
        """);

    assertThat(source.errorAt("upstreams.b.targets[0]", "x").toString())
        .isEqualTo("portico.yaml:2:26: upstreams.b.targets[0]: x");
  }

  @Test
  void empty_hasNoPositions() {
    assertThat(SourceMap.empty("code").errorAt("routes[0].id", "duplicate").toString())
        .isEqualTo("code: routes[0].id: duplicate");
  }
}
