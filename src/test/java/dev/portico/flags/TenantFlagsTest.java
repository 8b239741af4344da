package dev.portico.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.FlagConfig;
import dev.portico.security.Identity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantFlagsTest {
  static final TenantFlags FLAGS = TenantFlags.of(List.of(
      new FlagConfig("v2", Set.of("acme", "globex"), "orders-v2"),
      new FlagConfig("eu", Set.of("initech"), "orders-eu")), Map.of());

  static Identity identity(String tenant) {
    return new Identity("apiKey", "app", "app", tenant, null, Set.of(), Map.of());
  }

  static String flagOf(Identity identity) {
    TenantFlags.Target target = FLAGS.targetFor(identity);
    return target == null ? null : target.flag();
  }

  @Test
  void eachListedTenantGetsItsFlag() {
    assertThat(flagOf(identity("acme"))).isEqualTo("v2");
    assertThat(flagOf(identity("globex"))).isEqualTo("v2");
    assertThat(flagOf(identity("initech"))).isEqualTo("eu");
  }

  @Test
  void anonymousRequestsTenantlessIdentitiesAndOtherTenantsGetNone() {
    assertThat(flagOf(null)).isNull();
    assertThat(flagOf(identity(null))).isNull();
    assertThat(flagOf(identity("umbrella"))).isNull();
    assertThat(flagOf(identity("ACME"))).isNull(); // tenants compare exactly
  }

  @Test
  void aRouteWithoutFlagsHasNoFilter() {
    assertThat(TenantFlags.of(List.of(), Map.of())).isNull();
  }
}
