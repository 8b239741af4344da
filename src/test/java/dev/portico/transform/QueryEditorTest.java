package dev.portico.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.TransformConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryEditorTest {
  static String edit(String raw, List<String> remove, Map<String, String> rename, Map<String, String> set) {
    return QueryEditor.of(new TransformConfig.QueryEdits(remove, rename, set)).apply(raw, null);
  }

  @Test
  void untouchedParametersKeepTheirEncodingAndOrder() {
    assertThat(edit("a=1%2B1&debug&b=x+y", List.of("debug"), Map.of(), Map.of())).isEqualTo("a=1%2B1&b=x+y");
  }

  @Test
  void setReplacesEveryValueAndEncodes() {
    assertThat(edit("v=1&v=2&k=3", List.of(), Map.of(), Map.of("v", "a b&c"))).isEqualTo("k=3&v=a%20b%26c");
    assertThat(edit(null, List.of(), Map.of(), Map.of("v", "2"))).isEqualTo("v=2");
  }

  @Test
  void renameMatchesDecodedNamesAndKeepsValues() {
    assertThat(edit("my%20q=red&x=1", List.of(), Map.of("my q", "search"), Map.of())).isEqualTo("search=red&x=1");
  }

  @Test
  void removingEverythingLeavesNoQuery() {
    assertThat(new UpstreamEditsProbe().query("debug=1", raw -> edit(raw, List.of("debug"), Map.of(), Map.of())))
        .isNull();
  }

  /** Runs a query edit the way the proxy does. */
  static final class UpstreamEditsProbe {
    String query(String raw, java.util.function.UnaryOperator<String> edit) {
      UpstreamEdits edits = new UpstreamEdits();
      edits.onQuery(edit);
      return edits.applyToQuery(raw);
    }
  }
}
