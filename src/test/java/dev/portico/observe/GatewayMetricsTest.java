package dev.portico.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
  @Test
  void removedRoutesStopBeingExportedAndKeptRoutesStay() {
    try (GatewayMetrics metrics = new GatewayMetrics()) {
      metrics.routeMeters("kept").record("GET", 200, null, 1_000_000, 0, 10, null);
      metrics.routeMeters("gone").record("GET", 502, null, 1_000_000, 0, 10,
          dev.portico.error.ErrorCode.UPSTREAM_CONNECT);
      metrics.routeMeters(GatewayMetrics.UNMATCHED).record("GET", 404, null, 1_000, 0, 10, null);
      assertThat(metrics.scrape()).contains("route=\"gone\"");

      metrics.retainRoutes(Set.of("kept"));

      String text = metrics.scrape();
      assertThat(text).doesNotContain("route=\"gone\"");
      assertThat(text).contains("route=\"kept\"").contains("route=\"unmatched\"");
      // A route that comes back gets fresh, exported series.
      metrics.routeMeters("gone").record("GET", 200, "gold", 1_000_000, 0, 10, null);
      assertThat(metrics.scrape()).contains("portico_requests_seconds_count{method=\"GET\",route=\"gone\",status=\"2xx\",tier=\"gold\"} 1");
    }
  }
}
