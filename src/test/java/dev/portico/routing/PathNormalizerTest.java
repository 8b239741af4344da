package dev.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.routing.PathNormalizer.EncodedSlashes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PathNormalizerTest {

  @ParameterizedTest
  @ValueSource(strings = {"/", "/health", "/orders/42", "/orders/", "/a/b/c/", "/a.b/..c/c..", "/x;y/z", "/.x;/a", "/...;/x",
      "/a;b=c/d:e@f", "/~user/-_.!$&'()*+,=", "/.well-known/x", "/a/.../b"})
  void canonicalPathIsReturnedAsTheSameInstance(String path) throws Exception {
    assertThat(PathNormalizer.normalize(path)).isSameAs(path);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/public/../admin        | /admin",
      "/public/%2e%2e/admin    | /admin",
      "/public/%2E%2e/admin    | /admin",
      "/public/.%2e/admin      | /admin",
      "/public/%2e./admin      | /admin",
      "/public/%2e/admin       | /public/admin",
      "//admin                 | /admin",
      "///admin//x///          | /admin/x/",
      "//                      | /",
      "/%61dmin                | /admin",
      "/%41%5a%30%2D%5F%7E     | /AZ0-_~",
      "/admin/./x              | /admin/x",
      "/admin/.                | /admin/",
      "/admin/..               | /",
      "/a/b/../                | /a/",
      "/a/./b/./               | /a/b/",
      "/a/b/c/../../d          | /a/d",
      "/a%3b/b%3B              | /a%3B/b%3B",
      "/a%20b                  | /a%20b",
      "/a%c3%a9                | /a%C3%A9",
      "/a%25b                  | /a%25b",
      "/a%252e%252e/x          | /a%252e%252e/x",
      "/a b                    | /a%20b",
      "/x{y}^z`                | /x%7By%7D%5Ez%60",
      "/a/b;.;/c               | /a/b;.;/c",
  })
  void normalizes(String raw, String expected) throws Exception {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "admin                   | must start with \"/\"",
      "''                      | must start with \"/\"",
      "%2Fadmin                | must start with \"/\"",
      "/a/b/../../../x         | climbs above the root",
      "/..                     | climbs above the root",
      "/%2e%2e/x               | climbs above the root",
      "/admin%2Fsecret         | encoded slash (%2F)",
      "/admin%2fsecret         | encoded slash (%2F)",
      "/admin%5Csecret         | encoded backslash (%5C)",
      "/admin%5csecret         | encoded backslash (%5C)",
      "/admin\\secret          | backslash at index 6",
      "/a%00b                  | encoded NUL (%00)",
      "/a%zzb                  | invalid percent-escape at index 2",
      "/a%4                    | invalid percent-escape at index 2",
      "/a%                     | invalid percent-escape at index 2",
      "/a%g1                   | invalid percent-escape",
      "/caf\u00e9              | non-ASCII character at index 4",
      "/public/..;/admin       | segment starting with \"..;\" or \".;\"",
      "/public/%2e%2e;/admin   | segment starting with \"..;\"",
      "/public/..%3B/admin     | segment starting with \"..;\"",
      "/public/..%3b/admin     | segment starting with \"..;\"",
      "/public/..;x=1/admin    | segment starting with \"..;\"",
      "/public/.;/admin        | segment starting with \"..;\" or \".;\"",
      "/..;                    | segment starting with \"..;\"",
  })
  void rejects(String raw, String message) {
    assertThatThrownBy(() -> PathNormalizer.normalize(raw))
        .isInstanceOf(InvalidPathException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsControlCharacters() {
    for (String raw : new String[] {"/a\nb", "/a\rb", "/a\tb", "/a\u0000b", "/a\u007fb"}) {
      assertThatThrownBy(() -> PathNormalizer.normalize(raw))
          .isInstanceOf(InvalidPathException.class)
          .hasMessageContaining("control character at index 2");
    }
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> PathNormalizer.normalize(null)).isInstanceOf(InvalidPathException.class);
  }

  @Test
  void messageNeverEchoesThePath() {
    assertThatThrownBy(() -> PathNormalizer.normalize("/<script>%zz"))
        .isInstanceOf(InvalidPathException.class)
        .message().doesNotContain("<script>");
  }

  @Test
  void encodedSlashesPassThroughUndecodedWhenAllowed() throws Exception {
    assertThat(PathNormalizer.normalize("/files/a%2fb%5cc", EncodedSlashes.PASS_THROUGH))
        .isEqualTo("/files/a%2Fb%5Cc");
    // still one segment, so it cannot take part in ".." resolution
    assertThat(PathNormalizer.normalize("/files/..%2F..%2Fadmin", EncodedSlashes.PASS_THROUGH))
        .isEqualTo("/files/..%2F..%2Fadmin");
  }

  @Test
  void normalizationIsIdempotent() throws Exception {
    String[] raws = {"/public/%2e%2e/admin", "//a//b/./c/../d/", "/%61%62%2fx".replace("%2f", "%3a"),
        "/a b/%7e", "/x/a;b/y"};
    for (String raw : raws) {
      String once = PathNormalizer.normalize(raw);
      assertThat(PathNormalizer.normalize(once)).isEqualTo(once);
    }
  }
}
