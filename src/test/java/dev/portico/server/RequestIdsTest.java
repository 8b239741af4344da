package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void plainClientIdIsKept() {
    assertThat(RequestIds.acceptOrGenerate("abc-123_x.y:z")).isEqualTo("abc-123_x.y:z");
  }

  @Test
  void unsafeOrOversizedIdIsReplaced() {
    assertThat(RequestIds.acceptOrGenerate("a b")).matches("[0-9a-f]{32}");
    assertThat(RequestIds.acceptOrGenerate("x".repeat(129))).matches("[0-9a-f]{32}");
    assertThat(RequestIds.acceptOrGenerate("inject\r\nX: y")).matches("[0-9a-f]{32}");
    assertThat(RequestIds.acceptOrGenerate(null)).matches("[0-9a-f]{32}");
  }

  @Test
  void generatedIdsDiffer() {
    assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate());
  }
}
