package dev.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.routing.PathNormalizer.EncodedSlashes;
import dev.portico.routing.RouteMatch.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The normaliser and the table together: no spelling of a path reaches a route it should not. */
class RouteTableSecurityTest {

  private final RouteTable<String> table = RouteTable.<String>builder()
      .add(MatchRule.of("/public/**"), "public")
      .add(MatchRule.of("/admin"), "admin")
      .add(MatchRule.of("/admin/**"), "admin-area")
      .build();

  /** What the gateway does: normalise (400 on failure), then match the canonical path. */
  private String route(String rawPath, EncodedSlashes encodedSlashes) {
    String path;
    try {
      path = PathNormalizer.normalize(rawPath, encodedSlashes);
    } catch (InvalidPathException e) {
      return "400";
    }
    RouteMatch<String> m = table.match(TestRequest.get(path));
    return m.status() == Status.MATCHED ? m.value() : m.status().name();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/admin", "//admin", "///admin", "/%61dmin", "/%61%64%6D%69%6E", "/%61%64%6d%69%6e",
      "/./admin", "/public/../admin", "/public/%2e%2e/admin", "/public/%2E%2e/admin", "/public/%2E%2E/admin",
      "/public/.%2e/admin", "/public/%2e./admin", "/public/./../admin", "/public//../admin",
      "///public///..///admin", "/public/x/../../admin", "/public/%2e%2e/%61dmin", "/x/y/../../admin"})
  void spellingOfAdminReachesTheAdminRoute(String raw) {
    assertThat(route(raw, EncodedSlashes.REJECT)).isEqualTo("admin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/admin/", "/admin/.", "/admin/x/..", "/public/../admin/", "/admin/secret",
      "/public/%2e%2e/admin/secret", "/public/../admin/./secret", "/admin/public/../secret"})
  void spellingOfAnAdminSubpathReachesTheAdminArea(String raw) {
    assertThat(route(raw, EncodedSlashes.REJECT)).isEqualTo("admin-area");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/admin%2Fsecret", "/public/..%2Fadmin", "/public/%2e%2e%2fadmin",
      "/public/..%5cadmin", "/public\\..\\admin", "/public/../../admin", "/public/%2e%2e/%2e%2e/admin",
      "/public/%00/../admin", "/public/%2/../admin", "/public/%u002e%u002e/admin", "public/../admin",
      "/public/\u2025/admin", "/public/..\u0000/admin", "/public/..;/admin", "/public/%2e%2e;/admin",
      "/public/..%3B/admin", "/public/.;/admin"})
  void ambiguousSpellingIsRejected(String raw) {
    assertThat(route(raw, EncodedSlashes.REJECT)).isEqualTo("400");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/public/%252e%252e/admin", "/public/%c0%ae%c0%ae/admin", "/public/.../admin", "/public/.. /admin"})
  void lookalikeDotSegmentIsALiteralAndStaysUnderPublic(String raw) {
    assertThat(route(raw, EncodedSlashes.REJECT)).isEqualTo("public");
  }

  @Test
  void semicolonAfterOtherCharactersIsALiteral() throws Exception {
    String path = PathNormalizer.normalize("/public/a..;/admin");
    RouteMatch<String> m = table.match(TestRequest.get(path));
    assertThat(m.value()).isEqualTo("public");
    assertThat(m.pathParams()).containsExactly(Map.entry("**", "a..;/admin"));
  }

  @Test
  void encodedSlashPassedThroughStaysInsideOneSegment() {
    assertThat(route("/public/..%2Fadmin", EncodedSlashes.PASS_THROUGH)).isEqualTo("public");
    assertThat(route("/admin%2Fsecret", EncodedSlashes.PASS_THROUGH)).isEqualTo("NOT_FOUND");
  }

  @Test
  void publicRouteIsNeverReachedByAnySpellingOfAdmin() {
    // every combination of up to three spellings per piece
    String[] slashes = {"/", "//", "/./", "/public/../", "/public/%2e%2e/", "/public/.%2E/"};
    String[] names = {"admin", "%61dmin", "adm%69n", "%61%64%6D%69%6E"};
    String[] tails = {"", "/", "/.", "/x/..", "/secret"};
    for (String s : slashes) {
      for (String n : names) {
        for (String t : tails) {
          String raw = s + n + t;
          assertThat(route(raw, EncodedSlashes.REJECT)).as(raw).isIn("admin", "admin-area");
        }
      }
    }
  }

  @Test
  void requestTargetWithoutLeadingSlashIsRejected() {
    assertThatThrownBy(() -> PathNormalizer.normalize("admin")).isInstanceOf(InvalidPathException.class);
  }
}
