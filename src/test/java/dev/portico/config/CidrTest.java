package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @Test
  void parse_ipv4Network() {
    Cidr cidr = Cidr.parse("10.0.0.0/8");

    assertThat(cidr.prefixLength()).isEqualTo(8);
    assertThat(cidr.toString()).isEqualTo("10.0.0.0/8");
    assertThat(cidr.contains("10.255.1.2")).isTrue();
    assertThat(cidr.contains("11.0.0.1")).isFalse();
    assertThat(cidr.contains("::1")).isFalse();
  }

  @Test
  void parse_bareAddress_isHostRoute() {
    assertThat(Cidr.parse("127.0.0.1")).isEqualTo(Cidr.parse("127.0.0.1/32"));
    assertThat(Cidr.parse("::1")).isEqualTo(Cidr.parse("::1/128"));
    assertThat(Cidr.parse("127.0.0.1").contains("127.0.0.1")).isTrue();
    assertThat(Cidr.parse("127.0.0.1").contains("127.0.0.2")).isFalse();
  }

  @Test
  void parse_ipv6Network() {
    Cidr cidr = Cidr.parse("2001:db8::/32");

    assertThat(cidr.contains("2001:db8:1234::1")).isTrue();
    assertThat(cidr.contains("[2001:DB8::ff]")).isTrue();
    assertThat(cidr.contains("2001:db9::1")).isFalse();
    assertThat(cidr.contains("10.0.0.1")).isFalse();
    assertThat(Cidr.parse("::1/128").contains("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(Cidr.parse("fe80::/10").contains("fe80::1%eth0")).isTrue();
  }

  @Test
  void contains_nonByteAlignedPrefix() {
    Cidr cidr = Cidr.parse("192.168.4.0/22");

    assertThat(cidr.contains("192.168.7.255")).isTrue();
    assertThat(cidr.contains("192.168.8.0")).isFalse();
    assertThat(cidr.contains("192.168.3.255")).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
  }

  @Test
  void contains_ipv4MappedIpv6_matchesIpv4Network() {
    assertThat(Cidr.parse("10.0.0.0/8").contains("::ffff:10.1.2.3")).isTrue();
  }

  @Test
  void contains_inetAddress() throws Exception {
    Cidr v4 = Cidr.parse("10.0.0.0/8");
    Cidr v6 = Cidr.parse("2001:db8::/32");

    assertThat(v4.contains(InetAddress.getByAddress(new byte[] {10, 9, 8, 7}))).isTrue();
    assertThat(v4.contains(InetAddress.getByAddress(new byte[] {11, 9, 8, 7}))).isFalse();
    assertThat(v6.contains(InetAddress.getByName("2001:db8::5"))).isTrue();
    assertThat(v6.contains((InetAddress) null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "example.com", "10.0.0", "10.0.0.256", "010.0.0.1", "1::2::3", "::g",
      "1:2:3:4:5:6:7:8:9", "", "10.0.0.1/", "[::1"})
  void contains_neverResolvesNames_andRefusesNonLiterals(String notALiteral) {
    assertThat(Cidr.parse("0.0.0.0/0").contains(notALiteral)).isFalse();
    assertThat(Cidr.parse("::/0").contains(notALiteral)).isFalse();
  }

  @Test
  void parse_rejectsBadInputWithExpectation() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.300"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"10.0.0.300\" (expected: an IP address or CIDR like 10.0.0.0/8 or ::1/128)");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .hasMessage("\"10.0.0.0/33\" has prefix length out of range (expected: /0-/32)");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8"))
        .hasMessage("\"10.0.0.1/8\" has host bits set (expected: 10.0.0.0/8)");
    assertThatThrownBy(() -> Cidr.parse("my-proxy.local"))
        .hasMessage("\"my-proxy.local\" (expected: an IP address or CIDR like 10.0.0.0/8 or ::1/128)");
    assertThatThrownBy(() -> Cidr.parse("::1/x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listenConfig_isTrustedProxy() {
    ListenConfig listen = new ListenConfig("0.0.0.0", 8080, true, ListenConfig.DEFAULT_IDLE_TIMEOUT,
        ListenConfig.DEFAULT_REQUEST_HEADER_TIMEOUT, LimitsConfig.ofDefault(),
        java.util.List.of(Cidr.parse("127.0.0.1"), Cidr.parse("10.0.0.0/8")));

    assertThat(listen.isTrustedProxy("10.2.3.4")).isTrue();
    assertThat(listen.isTrustedProxy("192.168.0.1")).isFalse();
  }
}
