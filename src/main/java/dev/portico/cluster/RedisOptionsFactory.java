package dev.portico.cluster;

import dev.portico.config.RedisConfig;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

/** Turns {@link RedisConfig} into the Vert.x client's options. */
final class RedisOptionsFactory {

  private RedisOptionsFactory() {}

  static RedisOptions of(RedisConfig config) {
    RedisOptions options = new RedisOptions()
        .setType(switch (config.mode()) {
          case STANDALONE -> RedisClientType.STANDALONE;
          case SENTINEL -> RedisClientType.SENTINEL;
          case CLUSTER -> RedisClientType.CLUSTER;
        })
        .setNetClientOptions(new NetClientOptions()
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
            .setTcpKeepAlive(true)
            .setTcpNoDelay(true))
        // Every rate-limited request sends one command: keep enough connections for the event
        // loops' concurrency, and let bursts wait for one briefly (each command has its own deadline)
        // rather than fail because the default queue of 24 is full.
        .setMaxPoolSize(32)
        .setMaxPoolWaiting(8192);
    for (String url : config.urls()) {
      options.addConnectionString(url);
    }
    if (config.user() != null) {
      options.setUser(config.user());
    }
    if (config.password() != null) {
      options.setPassword(config.password());
    }
    if (config.mode() == dev.portico.config.RedisMode.SENTINEL) {
      // Follow the primary: the client listens to the Sentinels' failover events and reconnects to the new one.
      options.setMasterName(config.masterName()).setRole(RedisRole.MASTER).setAutoFailover(true);
    }
    return options;
  }
}
