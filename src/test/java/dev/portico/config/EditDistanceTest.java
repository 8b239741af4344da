package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

  @Test
  void levenshtein_countsEdits() {
    assertThat(EditDistance.levenshtein("upstreem", "upstream")).isEqualTo(1);
    assertThat(EditDistance.levenshtein("kitten", "sitting")).isEqualTo(3);
    assertThat(EditDistance.levenshtein("", "abc")).isEqualTo(3);
    assertThat(EditDistance.levenshtein("same", "same")).isZero();
  }

  @Test
  void closest_withinTwoEditsIgnoringCase() {
    List<String> keys = List.of("host", "port", "idleTimeout");

    assertThat(EditDistance.closest("idle_timeout", keys)).contains("idleTimeout");
    assertThat(EditDistance.closest("IDLETIMEOUT", keys)).contains("idleTimeout");
    assertThat(EditDistance.closest("prot", keys)).contains("port");
    assertThat(EditDistance.closest("listenAddress", keys)).isEmpty();
  }

  @Test
  void suggestion_listsCandidatesWhenNothingIsClose() {
    assertThat(EditDistance.suggestion("bind", List.of("host", "port")))
        .isEqualTo("(expected one of: host, port)");
    assertThat(EditDistance.suggestion("hots", List.of("host", "port")))
        .isEqualTo("(did you mean \"host\"?)");
  }
}
