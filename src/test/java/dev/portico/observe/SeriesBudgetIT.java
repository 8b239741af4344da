package dev.portico.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.Http;
import dev.portico.testing.TestGateway;
import dev.portico.testing.TestUpstream;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The series budget of docs/observability.md on a gateway with 10,000 routes of which a few see
 * traffic: idle routes cost no series, and the scrape stays within the documented formula.
 */
class SeriesBudgetIT {
  static final int ROUTES = 10_000;
  static final int UPSTREAMS = 3;
  /** Documented constants: see docs/observability.md, "Series budget". */
  static final int FIXED = 20;
  static final int PER_TARGET = 5;
  static final int PER_COMBINATION = 17;
  static final int PER_ROUTE = 2;
  static final int PER_ROUTE_UPSTREAM = 18;

  @Test
  void tenThousandRoutesWithTrafficOnAFew_stayWithinTheSeriesBudget() {
    Vertx vertx = Vertx.vertx();
    List<TestUpstream> backends = java.util.stream.IntStream.range(0, UPSTREAMS)
        .mapToObj(u -> TestUpstream.echo(vertx, "backend-" + u)).toList();
    StringBuilder yaml = new StringBuilder(ROUTES * 90).append("upstreams:\n");
    for (int u = 0; u < UPSTREAMS; u++) {
      yaml.append("  u").append(u).append(": { targets: [").append(backends.get(u).url()).append("] }\n");
    }
    yaml.append("routes:\n");
    for (int i = 0; i < ROUTES; i++) {
      yaml.append("  - { id: svc").append(i).append(", match: { path: /svc").append(i)
          .append("/** }, upstream: u").append(i % UPSTREAMS).append(", maxInFlight: 100 }\n");
    }
    try (TestGateway gateway = TestGateway.start(yaml.toString())) {
      String idle = scrape(gateway);
      assertThat(routeLabels(idle)).isEmpty();

      int[] active = {0, 1, 4_999, 9_999};
      for (int i : active) {
        for (int n = 0; n < 5; n++) {
          assertThat(Http.get(gateway.url("/svc" + i + "/item/" + n)).statusCode()).isEqualTo(200);
        }
        assertThat(Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url("/svc" + i + "/x")))
            .DELETE()).statusCode()).isEqualTo(200);
      }
      assertThat(Http.get(gateway.url("/nowhere/" + System.nanoTime())).statusCode()).isEqualTo(404);

      String text = scrape(gateway);
      Set<String> routes = routeLabels(text);
      assertThat(routes).containsExactlyInAnyOrder("svc0", "svc1", "svc4999", "svc9999", GatewayMetrics.UNMATCHED);

      // Each active route: 2 (method, status class, tier) combinations (GET and DELETE, 2xx, anonymous)
      // and one upstream; the unmatched route: 1 combination, no upstream, one gateway-response code.
      long budget = FIXED + (long) PER_TARGET * UPSTREAMS
          + active.length * (2L * PER_COMBINATION + PER_ROUTE + PER_ROUTE_UPSTREAM)
          + (PER_COMBINATION + PER_ROUTE + 1);
      long porticoSeries = series(text).stream().filter(s -> s.startsWith("portico_")).count();
      System.out.printf("SeriesBudgetIT: %d portico_ series for %d routes (budget %d), %d JVM/process series%n",
          porticoSeries, ROUTES, budget, series(text).size() - porticoSeries);
      assertThat(porticoSeries).as("portico_ series in the scrape").isLessThanOrEqualTo(budget);
      // Everything else is the JVM and process (a fixed set, independent of routes).
      long otherSeries = series(text).size() - porticoSeries;
      assertThat(otherSeries).isEqualTo(series(idle).stream().filter(s -> !s.startsWith("portico_")).count());
    } finally {
      backends.forEach(TestUpstream::close);
      vertx.close();
    }
  }

  static String scrape(TestGateway gateway) {
    return Http.get("http://127.0.0.1:" + gateway.adminPort() + "/metrics").body();
  }

  static List<String> series(String scrape) {
    return Arrays.stream(scrape.split("\n")).filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  static Set<String> routeLabels(String scrape) {
    Matcher m = Pattern.compile("route=\"([^\"]*)\"").matcher(scrape);
    return m.results().map(r -> r.group(1)).collect(Collectors.toSet());
  }
}
