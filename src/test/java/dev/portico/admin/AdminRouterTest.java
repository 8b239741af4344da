package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminRouterTest {

  @Test
  void match_bindsDecodedParameters() {
    assertThat(AdminRouter.match("/upstreams/{name}/targets/{target}/reset", "/upstreams/a/targets/10.0.0.1%3A80/reset"))
        .isEqualTo(Map.of("name", "a", "target", "10.0.0.1:80"));
  }

  @Test
  void match_needsEverySegment_andNonEmptyParameters() {
    assertThat(AdminRouter.match("/routes/{id}", "/routes/")).isNull();
    assertThat(AdminRouter.match("/routes/{id}", "/routes/a/b")).isNull();
    assertThat(AdminRouter.match("/routes", "/routes/")).isNull();
    assertThat(AdminRouter.match("/routes/{id}", "/routes/a+b")).isEqualTo(Map.of("id", "a+b"));
  }

  @Test
  void openPaths_areOnlyProbesScrapeAndTheDashboardPage() {
    assertThat(AdminAuth.isOpen("/health")).isTrue();
    assertThat(AdminAuth.isOpen("/metrics")).isTrue();
    assertThat(AdminAuth.isOpen("/dashboard")).isTrue();
    assertThat(AdminAuth.isOpen("/dashboard/assets/app.js")).isTrue();
    assertThat(AdminAuth.isOpen("/dashboard/api/summary")).isFalse();
    assertThat(AdminAuth.isOpen("/dashboard/assets/../../routes")).isFalse();
    assertThat(AdminAuth.isOpen("/routes")).isFalse();
    assertThat(AdminAuth.isOpen("/openapi.json")).isFalse();
  }
}
