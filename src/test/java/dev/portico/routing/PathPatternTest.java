package dev.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "orders                | \"orders\": must start with \"/\"",
      "''                    | \"\": must start with \"/\"",
      "/a/{id                | \"/a/{id\": unclosed \"{\" (expected: {name} as a whole segment)",
      "/a/x{id}              | \"/a/x{id}\": \"x{id}\" mixes text and braces (expected: {name} as a whole segment)",
      "/a/{id}x              | \"{id}x\" mixes text and braces",
      "/a/{}                 | \"\" is not a valid parameter name",
      "/a/{1st}              | \"1st\" is not a valid parameter name (expected: an identifier such as {id})",
      "/a/{a-b}              | \"a-b\" is not a valid parameter name",
      "/a/{id}/b/{id}        | parameter {id} appears twice",
      "/a/**/b               | \"**\" is only allowed as the last segment",
      "/a/*                  | \"*\" is only allowed as a last segment \"**\"",
      "/a/b*                 | \"*\" is only allowed",
      "/a//b                 | empty segment \"//\"",
      "/a/../b               | dot segment \"..\"",
      "/a/%2e/b              | dot segment \"%2e\"",
      "/a/%zz                | invalid percent-escape",
  })
  void invalidPatternIsRejectedWithAClearMessage(String pattern, String message) {
    RouteTable.Builder<String> builder = RouteTable.builder();
    assertThatThrownBy(() -> builder.add(MatchRule.of(pattern), "x"))
        .isInstanceOf(InvalidPatternException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void literalSegmentsAreCanonicalised() {
    RouteTable<String> table = RouteTable.<String>builder().add(MatchRule.of("/%61dmin/a%3bb"), "admin").build();
    assertThat(table.match(TestRequest.get("/admin/a%3Bb")).value()).isEqualTo("admin");
  }

  @Test
  void specificityComparesSegmentsFromTheLeft() {
    assertThat(more("/a/b", "/a/{x}")).isTrue();
    assertThat(more("/a/{x}", "/a/**")).isTrue();
    assertThat(more("/a", "/a/**")).isTrue();
    assertThat(more("/a/b/**", "/a/**")).isTrue();
    assertThat(more("/a/**", "/{x}/b")).isTrue();
    assertThat(PathPattern.compareSpecificity(PathPattern.parse("/a/{x}"), PathPattern.parse("/a/{y}"))).isZero();
  }

  private static boolean more(String a, String b) {
    return PathPattern.compareSpecificity(PathPattern.parse(a), PathPattern.parse(b)) > 0
        && PathPattern.compareSpecificity(PathPattern.parse(b), PathPattern.parse(a)) < 0;
  }
}
