package dev.portico.security.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.config.ApiKeyHash;
import dev.portico.config.ApiKeysConfig;
import dev.portico.config.ConsumerConfig;
import dev.portico.security.Identity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Finding consumers by key, without sockets. */
class ConsumerDirectoryTest {
  static final String MOBILE_KEY = "ak_live_mobile_0123456789";
  static final String PARTNER_KEY_1 = "ak_live_partner_aaaaaaaaaa";
  static final String PARTNER_KEY_2 = "ak_live_partner_bbbbbbbbbb";

  static final ConsumerDirectory DIRECTORY = ConsumerDirectory.of(ApiKeysConfig.ofDefault(), List.of(
      new ConsumerConfig("mobile-app", "acme", "gold", List.of(ApiKeyHash.of(MOBILE_KEY)), List.of()),
      new ConsumerConfig("partner", null, null,
          List.of(ApiKeyHash.of(PARTNER_KEY_1), ApiKeyHash.of(PARTNER_KEY_2)), List.of("orders:read"))));

  @Test
  void findsTheConsumerByAnyOfItsKeys() {
    assertThat(DIRECTORY.find(MOBILE_KEY))
        .isEqualTo(new Identity("apiKey", "mobile-app", "mobile-app", "acme", "gold", Set.of(), Map.of()));
    assertThat(DIRECTORY.find(PARTNER_KEY_1))
        .isEqualTo(new Identity("apiKey", "partner", "partner", null, null, Set.of("orders:read"), Map.of()));
    assertThat(DIRECTORY.find(PARTNER_KEY_2)).isSameAs(DIRECTORY.find(PARTNER_KEY_1));
    assertThat(DIRECTORY.size()).isEqualTo(3);
  }

  @Test
  void nearMissesAreUnknown() {
    for (String key : List.of("", "ak_live_mobile_012345678", "ak_live_mobile_01234567890", "AK_LIVE_MOBILE_0123456789",
        " ak_live_mobile_0123456789", "ak_live_mobile_0123456789\u0000")) {
      assertThat(DIRECTORY.find(key)).as(key).isNull();
    }
  }

  @Test
  void hashesCompareByValue() {
    assertThat(ApiKeyHash.of(MOBILE_KEY)).isEqualTo(ApiKeyHash.of(MOBILE_KEY))
        .hasSameHashCodeAs(ApiKeyHash.of(MOBILE_KEY))
        .isNotEqualTo(ApiKeyHash.of(PARTNER_KEY_1));
  }

  @Test
  void aKeyOfTwoConsumers_isRefusedWithoutShowingIt() {
    List<ConsumerConfig> consumers = List.of(
        new ConsumerConfig("a", null, null, List.of(ApiKeyHash.of(MOBILE_KEY)), List.of()),
        new ConsumerConfig("b", null, null, List.of(ApiKeyHash.of(MOBILE_KEY)), List.of()));

    assertThatThrownBy(() -> ConsumerDirectory.of(ApiKeysConfig.ofDefault(), consumers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("consumer \"b\" has a key that another consumer has");
  }

  @Test
  void aConsumerIdUsedTwice_isRefused() {
    List<ConsumerConfig> consumers = List.of(
        new ConsumerConfig("a", null, null, List.of(ApiKeyHash.of(MOBILE_KEY)), List.of()),
        new ConsumerConfig("a", null, null, List.of(ApiKeyHash.of(PARTNER_KEY_1)), List.of()));

    assertThatThrownBy(() -> ConsumerDirectory.of(ApiKeysConfig.ofDefault(), consumers))
        .hasMessage("consumer id \"a\" is used twice");
  }
}
