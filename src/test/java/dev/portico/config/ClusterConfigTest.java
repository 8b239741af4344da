package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code cluster} section: values, defaults, and each error with its exact position and wording. */
class ClusterConfigTest {

  private static GatewayConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", env::get);
  }

  @Test
  void absentSection_meansNoRedisAndTheDefaultTokenLifetime() throws Exception {
    ClusterConfig cluster = parse("listen: { port: 1 }", Map.of()).cluster();

    assertThat(cluster.redis()).isNull();
    assertThat(cluster.maxTokenLifetime()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void everyKey_isBound() throws Exception {
    ClusterConfig cluster = parse("""
        cluster:
          redis:
            urls: [redis://s1:26379, redis://s2:26379]
            mode: sentinel
            masterName: primary
            user: portico
            password: ${REDIS_PASSWORD}
            connectTimeout: 3s
            commandTimeout: 250ms
            reconnect: { initialDelay: 50ms, maxDelay: 10s }
            healthCheckInterval: 2s
            keyPrefix: "shop:"
          revocation: { maxTokenLifetime: 12h }
        """, Map.of("REDIS_PASSWORD", "s3cret")).cluster();

    RedisConfig redis = cluster.redis();
    assertThat(redis.urls()).containsExactly("redis://s1:26379", "redis://s2:26379");
    assertThat(redis.mode()).isEqualTo(RedisMode.SENTINEL);
    assertThat(redis.masterName()).isEqualTo("primary");
    assertThat(redis.user()).isEqualTo("portico");
    assertThat(redis.password()).isEqualTo("s3cret");
    assertThat(redis.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(redis.commandTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(redis.reconnectInitialDelay()).isEqualTo(Duration.ofMillis(50));
    assertThat(redis.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(redis.healthCheckInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(redis.keyPrefix()).isEqualTo("shop:");
    assertThat(cluster.maxTokenLifetime()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void oneUrl_standaloneWithDefaults() throws Exception {
    RedisConfig redis = parse("cluster: { redis: { url: redis://cache.internal:6380/2 } }", Map.of()).cluster().redis();

    assertThat(redis.urls()).containsExactly("redis://cache.internal:6380/2");
    assertThat(redis.mode()).isEqualTo(RedisMode.STANDALONE);
    assertThat(redis.password()).isNull();
    assertThat(redis.connectTimeout()).isEqualTo(RedisConfig.DEFAULT_CONNECT_TIMEOUT);
    assertThat(redis.commandTimeout()).isEqualTo(RedisConfig.DEFAULT_COMMAND_TIMEOUT);
    assertThat(redis.reconnectInitialDelay()).isEqualTo(RedisConfig.DEFAULT_RECONNECT_INITIAL_DELAY);
    assertThat(redis.reconnectMaxDelay()).isEqualTo(RedisConfig.DEFAULT_RECONNECT_MAX_DELAY);
    assertThat(redis.keyPrefix()).isEqualTo("portico:");
  }

  @Test
  void passwordNeverAppearsInToString() throws Exception {
    GatewayConfig config = parse("""
        cluster:
          redis: { url: "redis://127.0.0.1:6379", password: "${REDIS_PASSWORD}" }
        """, Map.of("REDIS_PASSWORD", "s3cret"));

    assertThat(config.toString()).doesNotContain("s3cret").contains("password=***");
    assertThat(RedisConfig.of("redis://:hunter2@h:6379/0").toString()).doesNotContain("hunter2")
        .contains("redis://:***@h:6379/0");
  }

  @Test
  void unknownKey_suggestsTheClosestOne() {
    assertThat(errors("cluster: { redis: { url: redis://h, comandTimeout: 1s } }")).containsExactly(
        "portico.yaml:1:37: cluster.redis.comandTimeout: unknown key (did you mean \"commandTimeout\"?)");
  }

  @Test
  void unknownClusterKey_listsTheValidOnes() {
    assertThat(errors("cluster: { rabbit: {} }")).containsExactly(
        "portico.yaml:1:12: cluster.rabbit: unknown key (expected one of: redis, revocation)");
  }

  @Test
  void urlThatIsNotRedis_namesTheExpectedShape() {
    assertThat(errors("cluster:\n  redis:\n    url: http://cache:6379\n")).containsExactly(
        "portico.yaml:3:10: cluster.redis.url: \"http://cache:6379\" (expected: "
            + "redis://[[user]:password@]host[:port][/db])");
  }

  @Test
  void urlWithAPathThatIsNotADatabase_isRefused() {
    assertThat(errors("cluster: { redis: { url: \"redis://cache:6379/zero\" } }")).containsExactly(
        "portico.yaml:1:26: cluster.redis.url: \"redis://cache:6379/zero\" (expected: "
            + "redis://[[user]:password@]host[:port][/db])");
  }

  @Test
  void redisWithoutUrl_isReported() {
    assertThat(errors("cluster:\n  redis: { mode: standalone }\n")).containsExactly(
        "portico.yaml:2:10: cluster.redis: missing required key \"url\"");
    assertThat(errors("cluster:\n  redis:\n")).containsExactly(
        "portico.yaml:2:9: cluster.redis: missing required key \"url\"");
  }

  @Test
  void bothUrlAndUrls_areRefused() {
    assertThat(errors("cluster:\n  redis: { url: redis://a, urls: [redis://b] }\n")).containsExactly(
        "portico.yaml:2:10: cluster.redis: sets both url and urls (expected: exactly one of them)");
  }

  @Test
  void emptyUrls_isRefused() {
    assertThat(errors("cluster:\n  redis: { urls: [] }\n")).containsExactly(
        "portico.yaml:2:18: cluster.redis.urls: empty list (expected: at least one "
            + "redis://[[user]:password@]host[:port][/db])");
  }

  @Test
  void misspelledMode_listsTheModes() {
    assertThat(errors("cluster:\n  redis: { url: redis://a, mode: sentinal }\n")).containsExactly(
        "portico.yaml:2:34: cluster.redis.mode: \"sentinal\" (expected: standalone, sentinel or cluster)");
  }

  @Test
  void severalUrlsInStandaloneMode_areRefused() {
    assertThat(errors("cluster:\n  redis: { urls: [redis://a, redis://b] }\n")).containsExactly(
        "portico.yaml:2:18: cluster.redis.urls: 2 urls for mode standalone (expected: one url, or mode: sentinel"
            + " or cluster)");
  }

  @Test
  void masterNameOutsideSentinelMode_isRefused() {
    assertThat(errors("cluster:\n  redis: { url: redis://a, masterName: m }\n")).containsExactly(
        "portico.yaml:2:40: cluster.redis.masterName: only applies to mode: sentinel (mode is standalone)");
  }

  @Test
  void aDatabaseInClusterMode_isRefused() {
    assertThat(errors("cluster:\n  redis: { urls: [redis://a/3], mode: cluster }\n")).containsExactly(
        "portico.yaml:2:18: cluster.redis.urls: database 3 in mode cluster (expected: no database,"
            + " Redis Cluster has only database 0)");
  }

  @Test
  void passwordInTheUrlAndTheKey_isRefused() {
    assertThat(errors("cluster:\n  redis: { url: \"redis://:a@h\", password: b }\n")).containsExactly(
        "portico.yaml:2:43: cluster.redis.password: the url sets a password too (expected: the password in one"
            + " place, preferably here)");
  }

  @Test
  void unsetPasswordVariable_namesTheVariableNotAValue() {
    assertThat(errors("cluster:\n  redis: { url: redis://h, password: \"${REDIS_PASSWORD}\" }\n")).containsExactly(
        "portico.yaml:2:38: cluster.redis.password: environment variable REDIS_PASSWORD is not set (expected: set"
            + " it, or give a default like ${REDIS_PASSWORD:-value})");
  }

  @Test
  void zeroCommandTimeout_isRefused() {
    assertThat(errors("cluster:\n  redis: { url: redis://h, commandTimeout: 0s }\n")).containsExactly(
        "portico.yaml:2:44: cluster.redis.commandTimeout: \"0s\" (expected: a positive duration like 250ms, 2s, 1m)");
  }

  @Test
  void maxDelayBelowInitialDelay_isRefused() {
    assertThat(errors("cluster:\n  redis: { url: redis://h, reconnect: { initialDelay: 2s, maxDelay: 1s } }\n"))
        .containsExactly("portico.yaml:2:69: cluster.redis.reconnect.maxDelay: \"1s\" is shorter than initialDelay"
            + " 2s (expected: >= initialDelay)");
  }

  @Test
  void badTokenLifetime_isRefused() {
    assertThat(errors("cluster: { revocation: { maxTokenLifetime: forever } }")).containsExactly(
        "portico.yaml:1:44: cluster.revocation.maxTokenLifetime: \"forever\" (expected: a duration like"
            + " 250ms, 2s, 1m)");
  }

  @Test
  void everyErrorInTheSectionIsReported() {
    List<String> errors = errors("""
        cluster:
          redis:
            url: ftp://x
            mode: x
            connectTimeout: soon
        """);
    assertThat(errors).hasSize(3);
  }
}
