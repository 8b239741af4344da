package dev.portico.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class VaryOnAcceptTest {
  static MultiMap headers(String... vary) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (String v : vary) {
      headers.add("Vary", v);
    }
    return headers;
  }

  @Test
  void addsAcceptToTheUpstreamsVary() {
    MultiMap h = headers("Accept-Encoding");
    VaryOnAccept.addAccept(h);
    assertThat(h.getAll("Vary")).containsExactly("Accept-Encoding", "Accept");
  }

  @Test
  void leavesAVaryThatCoversAcceptAlone() {
    for (String vary : new String[] {"accept", "Origin, ACCEPT", "*"}) {
      MultiMap h = headers(vary);
      VaryOnAccept.addAccept(h);
      assertThat(h.getAll("Vary")).containsExactly(vary);
    }
  }
}
