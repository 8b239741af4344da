package dev.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.IdentityHeadersConfig;
import dev.portico.security.Identity;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityHeadersTest {
  static final IdentityHeaders HEADERS = IdentityHeaders.of(new IdentityHeadersConfig("X-User-Id", "X-Tenant-Id",
      "X-Consumer-Id", "X-Plan", "X-Scopes", Map.of("email", "X-User-Email", "groups", "X-Groups")));

  @Test
  void recognisesEverySpellingOfItsNames() {
    for (String name : List.of("X-User-Id", "x-user-id", "X-USER-ID", "X_User_Id", "x_user-id", "X-Tenant-Id",
        "x-consumer-id", "X-PLAN", "x_scopes", "X-User-Email", "x_groups")) {
      assertThat(HEADERS.isIdentityHeader(name)).as(name).isTrue();
    }
    for (String name : List.of("X-User-Ids", "X-User", "X-Userid", "X-User-Id ", "Authorization", "X-Plans")) {
      assertThat(HEADERS.isIdentityHeader(name)).as(name).isFalse();
    }
  }

  @Test
  void setsTheVerifiedIdentity() {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    HEADERS.apply(new Identity("jwt", "user-42", "mobile-app", "acme", "gold", Set.of("orders:write", "orders:read"),
        Map.of("email", "ann@example.com", "groups", List.of("admins", "ops"), "ignored", "x")), out);

    assertThat(out.get("X-User-Id")).isEqualTo("user-42");
    assertThat(out.get("X-Consumer-Id")).isEqualTo("mobile-app");
    assertThat(out.get("X-Tenant-Id")).isEqualTo("acme");
    assertThat(out.get("X-Plan")).isEqualTo("gold");
    assertThat(out.get("X-Scopes")).isEqualTo("orders:read orders:write");
    assertThat(out.get("X-User-Email")).isEqualTo("ann@example.com");
    assertThat(out.get("X-Groups")).isEqualTo("admins,ops");
    assertThat(out.names()).hasSize(7);
  }

  @Test
  void anonymousRequests_getNoIdentityHeaders() {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    HEADERS.apply(null, out);
    HEADERS.apply(new Identity("apiKey", "c", "c", null, null, Set.of(), Map.of()), out);

    assertThat(out.names()).containsExactlyInAnyOrder("X-User-Id", "X-Consumer-Id");
  }

  @Test
  void unsafeValues_arePercentEncodedOneToOne() {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    HEADERS.apply(new Identity("jwt", "a\r\nX-Admin: true", null, " acme ", null, Set.of("a b"),
        Map.of("email", "ünï%41@example.com", "groups", List.of("x,y", "z"))), out);

    assertThat(out.get("X-User-Id")).isEqualTo("a%0D%0AX-Admin:%20true");
    assertThat(out.get("X-Tenant-Id")).isEqualTo("%20acme%20");
    assertThat(out.get("X-Scopes")).isEqualTo("a%20b");
    assertThat(out.get("X-User-Email")).isEqualTo("%C3%BCn%C3%AF%2541@example.com");
    assertThat(out.get("X-Groups")).isEqualTo("x%2Cy,z");
  }

  @Test
  void claimsOfOtherShapes_areLeftOut() {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    HEADERS.apply(new Identity("jwt", "s", null, null, null, Set.of(),
        Map.of("email", Map.of("nested", "x"), "groups", List.of(Map.of()))), out);

    assertThat(out.names()).containsExactly("X-User-Id");
  }
}
