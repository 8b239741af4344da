package dev.portico.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.ConfigException;
import dev.portico.config.ConfigLoader;
import dev.portico.config.GatewayConfig;
import org.junit.jupiter.api.Test;

class GatewayTest {
  static final String YAML = """
      upstreams:
        orders: { targets: [http://127.0.0.1:9101] }
      routes:
        - id: orders
          match: { path: /orders/** }
          upstream: orders
      """;

  static GatewayConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", name -> null);
  }

  @Test
  void sameSettings_ignoresCommentsAndLayout() throws ConfigException {
    GatewayConfig a = parse(YAML);
    GatewayConfig b = parse("# moved down by a comment\n" + YAML.replace("{ path: /orders/** }", "\n      path: /orders/**"));

    assertThat(a).isNotEqualTo(b); // their source maps differ
    assertThat(Gateway.sameSettings(a, b)).isTrue();
  }

  @Test
  void sameSettings_seesAChangedValue() throws ConfigException {
    GatewayConfig a = parse(YAML);

    assertThat(Gateway.sameSettings(a, parse(YAML.replace("/orders/**", "/order/**")))).isFalse();
    assertThat(Gateway.sameSettings(a, parse(YAML.replace("9101", "9102")))).isFalse();
    assertThat(Gateway.sameSettings(a, parse("shutdown: { drainTimeout: 5s }\n" + YAML))).isFalse();
  }
}
