package dev.portico.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The connection to the Redis shared by a cluster of gateway instances.
 *
 * @param urls                  {@code redis://[[user]:password@]host[:port][/db]}: one for standalone, the
 *                              Sentinels or the Cluster seed nodes otherwise
 * @param masterName            the Sentinel master name (sentinel mode only)
 * @param user                  ACL user, or {@code null}
 * @param password              or {@code null}; usually {@code ${ENV}}. Never printed: see {@link #toString()}
 * @param connectTimeout        a TCP connect (and handshake) that takes longer fails
 * @param commandTimeout        every command, including the health PING, fails after this
 * @param reconnectInitialDelay first delay after a failure; doubled on each failure up to {@code reconnectMaxDelay}
 * @param reconnectMaxDelay     the longest wait between two attempts while Redis is down
 * @param healthCheckInterval   how often a live connection is PINGed (a dead peer is also noticed on its own)
 * @param keyPrefix             prefix of every key and channel, so several gateway fleets can share one Redis
 */
public record RedisConfig(List<String> urls, RedisMode mode, String masterName, String user, String password,
    Duration connectTimeout, Duration commandTimeout, Duration reconnectInitialDelay, Duration reconnectMaxDelay,
    Duration healthCheckInterval, String keyPrefix) {

  public static final String DEFAULT_MASTER_NAME = "mymaster";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RECONNECT_INITIAL_DELAY = Duration.ofMillis(100);
  public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(5);
  public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);
  public static final String DEFAULT_KEY_PREFIX = "portico:";

  public RedisConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("urls: empty (expected: at least one redis:// url)");
    }
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(masterName, "masterName");
    positive("connectTimeout", connectTimeout);
    positive("commandTimeout", commandTimeout);
    positive("reconnectInitialDelay", reconnectInitialDelay);
    positive("reconnectMaxDelay", reconnectMaxDelay);
    positive("healthCheckInterval", healthCheckInterval);
    if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
      throw new IllegalArgumentException("reconnectMaxDelay: " + reconnectMaxDelay + " (expected: >= "
          + reconnectInitialDelay + ")");
    }
    Objects.requireNonNull(keyPrefix, "keyPrefix");
  }

  /** Standalone, defaults everywhere: for tests and code that builds a config by hand. */
  public static RedisConfig of(String url) {
    return new RedisConfig(List.of(url), RedisMode.STANDALONE, DEFAULT_MASTER_NAME, null, null,
        DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, DEFAULT_RECONNECT_INITIAL_DELAY,
        DEFAULT_RECONNECT_MAX_DELAY, DEFAULT_HEALTH_CHECK_INTERVAL, DEFAULT_KEY_PREFIX);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
  }

  /** The urls as safe to log: any password in them replaced by {@code ***}. */
  public List<String> redactedUrls() {
    return urls.stream().map(RedisConfig::redact).toList();
  }

  /** {@code redis://:***@host:6379/0} for {@code redis://:secret@host:6379/0}; other text unchanged. */
  public static String redact(String url) {
    try {
      URI uri = new URI(url);
      String userInfo = uri.getRawUserInfo();
      if (userInfo == null) {
        return url;
      }
      int colon = userInfo.indexOf(':');
      String shown = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":***";
      return url.replace(userInfo + "@", shown + "@");
    } catch (Exception e) {
      return "(unparseable url)";
    }
  }

  @Override
  public String toString() {
    return "RedisConfig[urls=" + redactedUrls() + ", mode=" + mode + ", masterName=" + masterName + ", user=" + user
        + ", password=" + (password == null ? null : "***") + ", connectTimeout=" + connectTimeout
        + ", commandTimeout=" + commandTimeout + ", reconnectInitialDelay=" + reconnectInitialDelay
        + ", reconnectMaxDelay=" + reconnectMaxDelay + ", healthCheckInterval=" + healthCheckInterval
        + ", keyPrefix=" + keyPrefix + "]";
  }
}
