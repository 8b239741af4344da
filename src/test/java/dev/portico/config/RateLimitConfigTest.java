package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitConfigTest {
  private static final String UPSTREAM = "upstreams: { u: { targets: [http://h:1] } }\n";

  private static GatewayConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", Map.<String, String>of()::get);
  }

  @Test
  void singleLimitAndListOfLimitsBind() throws ConfigException {
    GatewayConfig config = parse(UPSTREAM + """
        rateLimits: { store: local, failMode: closed, timeout: 20ms }
        routes:
          - { id: a, upstream: u, rateLimit: { per: consumer, limit: 100/s } }
          - id: b
            upstream: u
            rateLimit:
              - { per: ip, limit: 10/min, name: burst }
              - { per: tenant, limit: 10000/day, shared: tenants }
          - { id: c, upstream: u, rateLimit: { per: consumer, limit: plan } }
        """);
    assertThat(config.rateLimits()).isEqualTo(new RateLimitsConfig("local", false, Duration.ofMillis(20),
        RateLimitsConfig.DEFAULT_MAX_LOCAL_BUCKETS, 0, RateLimitsConfig.DEFAULT_LEASE_TTL));
    assertThat(config.routes().get(0).rateLimit().limits()).containsExactly(
        new RateLimitConfig.Limit("consumer", new Rate(100, Duration.ofSeconds(1)), false, null, null));
    assertThat(config.routes().get(1).rateLimit().limits()).containsExactly(
        new RateLimitConfig.Limit("ip", new Rate(10, Duration.ofMinutes(1)), false, "burst", null),
        new RateLimitConfig.Limit("tenant", new Rate(10_000, Duration.ofDays(1)), false, null, "tenants"));
    assertThat(config.routes().get(2).rateLimit().limits().get(0).fromPlan()).isTrue();
  }

  @Test
  void badRate_namesTheExpectedForms() {
    assertThat(errors(UPSTREAM + """
        routes:
          - { id: a, upstream: u, rateLimit: { per: ip, limit: 100/sec0 } }
        """)).containsExactly("portico.yaml:3:56: routes[0].rateLimit.limit: \"100/sec0\""
        + " (expected: N/s, N/min, N/h or N/day with N >= 1, or plan for the consumer's plan)");
  }

  @Test
  void unknownKeySource_listsTheValidOnes() {
    assertThat(errors(UPSTREAM + """
        routes:
          - { id: a, upstream: u, rateLimit: { per: user, limit: 1/s } }
        """)).containsExactly("portico.yaml:3:45: routes[0].rateLimit.per: \"user\""
        + " (expected: consumer, tenant, ip, route, global or header:<name>)");
  }

  @Test
  void missingLimit_isReportedAtTheMapping() {
    assertThat(errors(UPSTREAM + """
        routes:
          - { id: a, upstream: u, rateLimit: [ { per: ip } ] }
        """)).containsExactly("portico.yaml:3:40: routes[0].rateLimit[0]: missing required key \"limit\"");
  }

  @Test
  void badFailMode() {
    assertThat(errors("rateLimits: { failMode: maybe }")).containsExactly(
        "portico.yaml:1:25: rateLimits.failMode: \"maybe\" (expected: open or closed)");
  }

  @Test
  void redisStoreWithoutRedis_saysWhatIsMissing() {
    assertThat(errors("rateLimits: { store: redis }")).containsExactly(
        "portico.yaml:1:22: rateLimits.store: redis needs a Redis connection (expected: cluster.redis, or store: local)");
  }
}
