package dev.portico.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.TransformConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodyEditorTest {
  static Object edit(String json, List<String> remove, Map<String, String> rename) {
    Object document = json.startsWith("[") ? new JsonArray(json) : new JsonObject(json);
    return BodyEditor.of(new TransformConfig.BodyEdits(remove, rename)).apply(document);
  }

  @Test
  void removesNestedFieldsAndFieldsOfEachArrayElement() {
    assertThat(edit("{\"a\":{\"b\":1,\"c\":2},\"l\":[{\"x\":1,\"y\":2},{\"x\":3}]}", List.of("a.b", "/l/x"), Map.of()))
        .isEqualTo(new JsonObject("{\"a\":{\"c\":2},\"l\":[{\"y\":2},{}]}"));
  }

  @Test
  void renameMovesValuesIncludingNullsToNewPaths() {
    assertThat(edit("{\"id\":7,\"n\":null,\"a\":{\"b\":1}}", List.of(), Map.of("id", "order.id", "n", "m", "a.b", "a.c")))
        .isEqualTo(new JsonObject("{\"order\":{\"id\":7},\"m\":null,\"a\":{\"c\":1}}"));
  }

  @Test
  void absentFieldsAreLeftAlone_andTopLevelArraysAreEditedElementByElement() {
    assertThat(edit("[{\"a\":1},{\"b\":2}]", List.of("z"), Map.of("a", "c")))
        .isEqualTo(new JsonArray("[{\"c\":1},{\"b\":2}]"));
  }
}
