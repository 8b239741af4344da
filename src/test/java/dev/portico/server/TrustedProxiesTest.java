package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private final TrustedProxies trusted =
      new TrustedProxies(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.1")));

  @Test
  void untrustedPeerIsTheClientWhateverItClaims() {
    assertThat(trusted.clientIp("203.0.113.9", "1.2.3.4")).isEqualTo("203.0.113.9");
  }

  @Test
  void trustedPeerYieldsRightmostUntrustedHop() {
    assertThat(trusted.clientIp("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.5")).isEqualTo("198.51.100.7");
  }

  @Test
  void allTrustedHopsYieldTheFirst() {
    assertThat(trusted.clientIp("127.0.0.1", "10.1.1.1, 10.0.0.5")).isEqualTo("10.1.1.1");
  }

  @Test
  void garbageHopsAreNeverTrusted() {
    assertThat(trusted.isTrusted("not-an-ip")).isFalse();
    assertThat(trusted.clientIp("10.0.0.2", "unknown")).isEqualTo("unknown");
  }
}
