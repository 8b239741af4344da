package dev.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.config.RewriteConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathRewriterTest {
  private static PathRewriter strip(String prefix) {
    return PathRewriter.of(new RewriteConfig(prefix, null));
  }

  private static PathRewriter template(String path) {
    return PathRewriter.of(new RewriteConfig(null, path));
  }

  @Test
  void noRewriteKeepsPath() {
    assertThat(PathRewriter.of(null).rewrite("/a/b", Map.of())).isEqualTo("/a/b");
  }

  @Test
  void stripPrefixRemovesWholeSegmentsOnly() {
    assertThat(strip("/api").rewrite("/api/orders/1", Map.of())).isEqualTo("/orders/1");
    assertThat(strip("/api/").rewrite("/api/orders", Map.of())).isEqualTo("/orders");
    assertThat(strip("/api").rewrite("/api", Map.of())).isEqualTo("/");
    assertThat(strip("/api").rewrite("/apiary/x", Map.of())).isEqualTo("/apiary/x");
  }

  @Test
  void templateSubstitutesParametersEncodingReservedCharacters() {
    PathRewriter rewriter = template("/v2/orders/{id}");
    assertThat(rewriter.rewrite("/shop/orders/42", Map.of("id", "42"))).isEqualTo("/v2/orders/42");
    assertThat(rewriter.rewrite("/x", Map.of("id", "a b/c?d"))).isEqualTo("/v2/orders/a%20b%2Fc%3Fd");
    assertThat(rewriter.rewrite("/x", Map.of("id", "é"))).isEqualTo("/v2/orders/%C3%A9");
  }

  @Test
  void remainderIsInsertedAsTheRouterKeepsIt() {
    PathRewriter rewriter = template("/files/{**}");
    assertThat(rewriter.rewrite("/x", Map.of("**", "a/b%20c"))).isEqualTo("/files/a/b%20c");
  }

  @Test
  void parameterNamesAreListedForValidation() {
    assertThat(template("/t/{tenant}/o/{id}").parameterNames()).containsExactly("tenant", "id");
    assertThat(strip("/api").parameterNames()).isEmpty();
  }

  @Test
  void unclosedBraceIsRejected() {
    assertThatThrownBy(() -> template("/v2/{id")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed");
  }
}
