package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @ParameterizedTest
  @CsvSource({"512, 512", "512B, 512", "16KiB, 16384", "10MiB, 10485760", "1GiB, 1073741824", "1KB, 1000",
      "2MB, 2000000", "1GB, 1000000000", "16kib, 16384", "'1 MiB', 1048576", "0, 0"})
  void parse_acceptsBinaryAndDecimalUnits(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10 megs", "", "KiB", "-1", "1.5MiB", "16Ki", "99999999999TiB", "0x10"})
  void parse_rejectsWithExpectation(String text) {
    assertThatThrownBy(() -> Sizes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Quote.of(text) + " (expected: a size like 512, 16KiB, 10MiB, 1GiB)");
  }
}
