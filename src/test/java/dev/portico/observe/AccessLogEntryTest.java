package dev.portico.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessLogEntryTest {
  @Test
  void producesOneValidJsonObjectEscapingHostileText() {
    AccessLogEntry entry = new AccessLogEntry(Instant.parse("2026-11-23T10:00:00Z"), "id1", "10.0.0.1", "GET",
        "/a\"b\\c\n{x}", "http/1.1", "orders", "127.0.0.1:9101", 200, null, 10, 20, 1.23456, -1);
    String line = entry.toJson();
    assertThat(line).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("path")).isEqualTo("/a\"b\\c\n{x}");
    assertThat(json.getInteger("status")).isEqualTo(200);
    assertThat(json.getDouble("durationMs")).isEqualTo(1.235);
    assertThat(json.containsKey("upstreamMs")).isFalse();
    assertThat(json.containsKey("code")).isFalse();
  }
}
