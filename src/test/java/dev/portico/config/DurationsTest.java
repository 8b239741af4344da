package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"250ms, 250", "2s, 2000", "1m, 60000", "1h, 3600000", "1d, 86400000", "0s, 0", "1m30s, 90000",
      "' 5s ', 5000"})
  void parse_acceptsUnits(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"100sec", "5", "", "s", "-1s", "1.5s", "2 s", "1w", "99999999999999999d", "1S"})
  void parse_rejectsWithExpectation(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Quote.of(text) + " (expected: a duration like 250ms, 2s, 1m)");
  }

  @ParameterizedTest
  @CsvSource({"250, 250ms", "2000, 2s", "90000, 90s", "3600000, 1h"})
  void format_isShortestFaithfulText(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }
}
