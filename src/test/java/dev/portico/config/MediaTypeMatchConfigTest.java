package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code match.mediaType}: binding, and errors with their exact positions. */
class MediaTypeMatchConfigTest {
  private static final String HEAD = """
      upstreams: { u: { targets: [http://h:1] } }
      routes:
        - id: a
          upstream: u
      """;

  @Test
  void bindsLowerCasedNames() throws ConfigException {
    GatewayConfig config = ConfigLoader.parse(HEAD + """
            match: { path: /o/**, mediaType: { type: Application/Vnd.Shop+JSON, param: Version, value: "2" } }
        """, "portico.yaml", name -> null);
    assertThat(config.routes().get(0).match().mediaType())
        .isEqualTo(new MediaTypeMatchConfig("application/vnd.shop+json", "version", "2"));
  }

  @Test
  void badTypeParamAndValueAreReported() {
    assertThat(errors(HEAD + """
            match:
              mediaType: { type: "application/*", param: q, value: "" }
        """)).containsExactly(
        "portico.yaml:6:26: routes[0].match.mediaType.type: \"application/*\" (expected: "
            + MediaTypeMatchBinder.TYPE_EXPECTED + ")",
        "portico.yaml:6:50: routes[0].match.mediaType.param: \"q\" (expected: " + MediaTypeMatchBinder.PARAM_EXPECTED + ")",
        "portico.yaml:6:60: routes[0].match.mediaType.value: \"\" (expected: " + MediaTypeMatchBinder.VALUE_EXPECTED + ")");
  }

  @Test
  void paramAndValueAreRequired() {
    assertThat(errors(HEAD + """
            match: { mediaType: { parm: version } }
        """)).containsExactly(
        "portico.yaml:5:25: routes[0].match.mediaType: missing required key \"param\"",
        "portico.yaml:5:25: routes[0].match.mediaType: missing required key \"value\"",
        "portico.yaml:5:27: routes[0].match.mediaType.parm: unknown key (did you mean \"param\"?)");
  }
}
