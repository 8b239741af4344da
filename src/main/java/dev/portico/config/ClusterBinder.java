package dev.portico.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Binds the top-level {@code cluster} section: the shared Redis and revocation settings. */
final class ClusterBinder {

  static final List<String> CLUSTER_KEYS = List.of("redis", "revocation");
  static final List<String> REDIS_KEYS = List.of("url", "urls", "mode", "masterName", "user", "password",
      "connectTimeout", "commandTimeout", "reconnect", "healthCheckInterval", "keyPrefix");
  static final List<String> RECONNECT_KEYS = List.of("initialDelay", "maxDelay");
  static final List<String> REVOCATION_KEYS = List.of("maxTokenLifetime");

  static final String URL_EXPECTED = "redis://[[user]:password@]host[:port][/db]";

  private final ValueReader reader;

  ClusterBinder(ValueReader reader) {
    this.reader = reader;
  }

  ClusterConfig bind(Fields f) {
    RedisConfig redis = f.has("redis") ? redis(f.fields("redis", REDIS_KEYS)) : null;
    Duration maxTokenLifetime = f.fields("revocation", REVOCATION_KEYS)
        .duration("maxTokenLifetime", ClusterConfig.DEFAULT_MAX_TOKEN_LIFETIME, true);
    return new ClusterConfig(redis, maxTokenLifetime);
  }

  /** Returns {@code null} if anything in it was invalid (the config is refused anyway). */
  private RedisConfig redis(Fields f) {
    int errorsBefore = reader.errorCount();
    if (!f.isMapping()) {
      return null;
    }
    if (f.node() == null || YamlNodes.isNull(f.node())) {
      reader.error(reader.sourceMap().errorAt(f.path(), "missing required key \"url\""));
      return null;
    }
    List<URI> urls;
    String urlsKey = f.has("urls") ? "urls" : "url";
    if (f.has("url") && f.has("urls")) {
      reader.error(reader.sourceMap().errorAt(f.path(), "sets both url and urls (expected: exactly one of them)"));
      return null;
    } else if (f.has("urls")) {
      urls = f.list("urls", URL_EXPECTED, ClusterBinder::url);
      if (urls.isEmpty() && reader.errorCount() == errorsBefore) {
        reader.error(f.value("urls"), f.path("urls"), "empty list (expected: at least one " + URL_EXPECTED + ")");
      }
    } else {
      f.require("url");
      URI url = f.get("url", null, URL_EXPECTED, ClusterBinder::url);
      urls = url == null ? List.of() : List.of(url);
    }

    int modeErrors = reader.errorCount();
    RedisMode mode = f.get("mode", RedisMode.STANDALONE, RedisMode.EXPECTED, RedisMode::parse);
    if (reader.errorCount() == modeErrors) {
      checkModeFits(f, mode, urls, urlsKey);
    }
    String masterName = f.string("masterName", RedisConfig.DEFAULT_MASTER_NAME, "a Sentinel master name");
    String user = f.string("user", null, "a Redis ACL user name");
    String password = f.get("password", null, "a password", s -> s);
    if (password != null && urls.stream().anyMatch(u -> u.getRawUserInfo() != null)) {
      reader.error(f.value("password"), f.path("password"),
          "the url sets a password too (expected: the password in one place, preferably here)");
    }
    Duration connectTimeout = f.duration("connectTimeout", RedisConfig.DEFAULT_CONNECT_TIMEOUT, true);
    Duration commandTimeout = f.duration("commandTimeout", RedisConfig.DEFAULT_COMMAND_TIMEOUT, true);
    Fields reconnect = f.fields("reconnect", RECONNECT_KEYS);
    Duration initialDelay = reconnect.duration("initialDelay", RedisConfig.DEFAULT_RECONNECT_INITIAL_DELAY, true);
    Duration maxDelay = reconnect.duration("maxDelay", RedisConfig.DEFAULT_RECONNECT_MAX_DELAY, true);
    if (reader.errorCount() == errorsBefore && maxDelay.compareTo(initialDelay) < 0) {
      reader.error(reader.sourceMap().errorAt(reconnect.path("maxDelay"), Quote.of(Durations.format(maxDelay))
          + " is shorter than initialDelay " + Durations.format(initialDelay) + " (expected: >= initialDelay)"));
    }
    Duration healthCheckInterval =
        f.duration("healthCheckInterval", RedisConfig.DEFAULT_HEALTH_CHECK_INTERVAL, true);
    String keyPrefix = f.get("keyPrefix", RedisConfig.DEFAULT_KEY_PREFIX, "a key prefix", s -> s);
    if (reader.errorCount() != errorsBefore) {
      return null;
    }
    return new RedisConfig(urls.stream().map(URI::toString).toList(), mode, masterName, user, password,
        connectTimeout, commandTimeout, initialDelay, maxDelay, healthCheckInterval, keyPrefix);
  }

  private void checkModeFits(Fields f, RedisMode mode, List<URI> urls, String urlsKey) {
    if (mode == RedisMode.STANDALONE && urls.size() > 1) {
      reader.error(f.value(urlsKey), f.path(urlsKey), urls.size()
          + " urls for mode standalone (expected: one url, or mode: sentinel or cluster)");
    }
    if (mode != RedisMode.SENTINEL && f.has("masterName")) {
      reader.error(f.value("masterName"), f.path("masterName"),
          "only applies to mode: sentinel (mode is " + mode.yamlName() + ")");
    }
    if (mode == RedisMode.CLUSTER) {
      for (URI url : urls) {
        if (database(url) != 0) {
          reader.error(f.value(urlsKey), f.path(urlsKey), "database " + database(url)
              + " in mode cluster (expected: no database, Redis Cluster has only database 0)");
          return;
        }
      }
    }
  }

  /** The database number in the url's path, 0 when absent. */
  static int database(URI url) {
    String path = url.getRawPath();
    return path == null || path.isEmpty() || path.equals("/") ? 0 : Integer.parseInt(path.substring(1));
  }

  /** Checks the shape the Vert.x client understands; the port defaults to 6379. */
  static URI url(String s) {
    URI uri;
    try {
      uri = new URI(s.strip());
    } catch (URISyntaxException e) {
      throw ValueReader.invalid(s, URL_EXPECTED);
    }
    String path = uri.getRawPath();
    boolean ok = "redis".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
        && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null
        && uri.getPort() != 0 && uri.getPort() <= 65535
        && (path == null || path.isEmpty() || path.equals("/") || path.matches("/[0-9]{1,5}"));
    if (!ok) {
      throw ValueReader.invalid(s, URL_EXPECTED);
    }
    return uri;
  }
}
