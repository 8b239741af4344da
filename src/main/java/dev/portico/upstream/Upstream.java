package dev.portico.upstream;

import dev.portico.config.Balance;
import dev.portico.config.UpstreamConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A named group of targets with its balancing strategy. Immutable apart from the targets' counters;
 * shared by all event loops and reused across config reloads while its config is unchanged, so
 * in-flight counts and ejections survive a reload.
 */
public final class Upstream {
  private final UpstreamConfig config;
  private final List<Target> targets;
  private final LoadBalancer balancer;
  private final UpstreamTls tls;

  private Upstream(UpstreamConfig config, List<Target> targets, LoadBalancer balancer, UpstreamTls tls) {
    this.config = config;
    this.targets = targets;
    this.balancer = balancer;
    this.tls = tls;
  }

  /**
   * Reads an https upstream's CA and client certificate files, so call it off the event loops.
   *
   * @throws IllegalArgumentException when such a file cannot be read or used
   */
  public static Upstream of(UpstreamConfig config) {
    UpstreamTls tls = config.https() ? UpstreamTls.load(config.tls()) : null;
    int defaultPort = config.https() ? 443 : 80;
    List<Target> targets = new ArrayList<>();
    for (URI uri : config.targets()) {
      String host = uri.getHost();
      targets.add(new Target(host, uri.getPort() == -1 ? defaultPort : uri.getPort(), defaultPort,
          tls == null ? host : tls.serverName(host)));
    }
    targets = List.copyOf(targets);
    return new Upstream(config, targets, balancerFor(config.balance(), targets), tls);
  }

  private static LoadBalancer balancerFor(Balance balance, List<Target> targets) {
    return switch (balance) {
      case ROUND_ROBIN -> new RoundRobinBalancer();
      case LEAST_REQUEST -> new LeastRequestBalancer();
      case CONSISTENT_HASH -> new ConsistentHashBalancer(targets);
    };
  }

  public String name() {
    return config.name();
  }

  public UpstreamConfig config() {
    return config;
  }

  /** {@code null} for an http upstream. */
  public UpstreamTls tls() {
    return tls;
  }

  public List<Target> targets() {
    return targets;
  }

  /**
   * Chooses a target that is not ejected and not {@code excluded} (the one a failed attempt used),
   * or null when none is left.
   */
  public Target choose(String hashKey, Target excluded) {
    long now = System.nanoTime();
    List<Target> available = targets;
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      if (t == excluded || !t.isAvailable(now)) {
        available = availableOnly(now, excluded);
        break;
      }
    }
    return available.isEmpty() ? null : balancer.choose(available, hashKey);
  }

  private List<Target> availableOnly(long now, Target excluded) {
    List<Target> available = new ArrayList<>(targets.size());
    for (Target t : targets) {
      if (t != excluded && t.isAvailable(now)) {
        available.add(t);
      }
    }
    return available;
  }
}
