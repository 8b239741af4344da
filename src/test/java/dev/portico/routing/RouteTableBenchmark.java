package dev.portico.routing;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Route lookup cost at 10 and 10,000 routes. Each table holds {@code /svc{i}/items/{id}} (GET) routes plus a
 * {@code /svc{i}/**} fallback per service and a {@code /health} route, so a lookup walks literals, a param
 * and a prefix. Requests cycle over 1,024 precomputed paths spread over the table. Run with
 * {@code bench/router.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteTableBenchmark {

  @Param({"10", "10000"})
  public int routes;

  private RouteTable<Integer> table;
  private RequestView[] hits;
  private RequestView[] misses;
  private int i;

  @Setup
  public void setUp() {
    RouteTable.Builder<Integer> b = RouteTable.builder();
    int services = Math.max(1, (routes - 1) / 2);
    int n = 0;
    b.add(MatchRule.of("/health"), n++);
    for (int s = 0; n < routes; s++) {
      b.add(new MatchRule(null, "/svc" + s + "/items/{id}", java.util.Set.of("GET"), null, null, 0), n++);
      if (n < routes) {
        b.add(MatchRule.of("/svc" + s + "/**"), n++);
      }
    }
    table = b.build();
    hits = new RequestView[1024];
    misses = new RequestView[1024];
    for (int k = 0; k < hits.length; k++) {
      int s = (k * 7919) % services;
      hits[k] = new Request("GET", "/svc" + s + "/items/" + k);
      misses[k] = new Request("GET", "/nosuch" + s + "/items/" + k);
    }
    for (RequestView r : hits) {
      if (table.match(r).value() == null) {
        throw new IllegalStateException("benchmark table does not match " + r.path());
      }
    }
  }

  /** Lookup of a matching template route, including its path params. */
  @Benchmark
  public void matchWithParams(Blackhole bh) {
    RouteMatch<Integer> m = table.match(hits[i++ & 1023]);
    bh.consume(m.value());
    bh.consume(m.pathParams());
  }

  /** Lookup only (params not requested). */
  @Benchmark
  public Integer match() {
    return table.match(hits[i++ & 1023]).value();
  }

  /** A 404. */
  @Benchmark
  public RouteMatch.Status miss() {
    return table.match(misses[i++ & 1023]).status();
  }

  private record Request(String method, String path) implements RequestView {
    @Override
    public String host() {
      return "api.example.com";
    }

    @Override
    public String header(String name) {
      return null;
    }

    @Override
    public String queryParam(String name) {
      return null;
    }
  }
}
