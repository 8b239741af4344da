package dev.portico.upstream.health;

import dev.portico.config.HealthCheckConfig;
import dev.portico.upstream.Target;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes each target of one upstream on a timer and marks it healthy or unhealthy after the
 * configured number of consecutive results, so one lost probe does not flap a target. Targets come
 * back by themselves once probes pass again. Probes run on one event loop and never overlap for a
 * target: the next one is scheduled when the previous one ends.
 */
public final class ActiveHealthChecker {
  private static final Logger log = LoggerFactory.getLogger(ActiveHealthChecker.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final String upstream;
  private final HealthCheckConfig policy;
  private final List<Target> targets;
  private volatile boolean stopped;

  public ActiveHealthChecker(Vertx vertx, HttpClient client, String upstream, HealthCheckConfig policy,
      List<Target> targets) {
    this.vertx = vertx;
    this.client = client;
    this.upstream = upstream;
    this.policy = policy;
    this.targets = targets;
  }

  public void start() {
    for (Target target : targets) {
      probe(new Probe(target));
    }
  }

  public void stop() {
    stopped = true;
  }

  private void probe(Probe probe) {
    if (stopped) {
      return;
    }
    Target target = probe.target;
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setServer(target.address())
        .setHost(target.peerHost())
        .setPort(target.port())
        .setURI(policy.path())
        .putHeader("User-Agent", "portico-health-check")
        .setConnectTimeout(policy.timeout().toMillis())
        .setIdleTimeout(policy.timeout().toMillis());
    Future<HttpClientRequest> request;
    try {
      request = client.request(options);
    } catch (IllegalStateException closed) {
      return; // the gateway is shutting down
    }
    request
        .compose(req -> req.send().compose(resp -> resp.body().map(body -> resp.statusCode())))
        .timeout(policy.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          boolean passed = ar.succeeded() && ar.result() >= 200 && ar.result() < 400;
          probe.record(passed);
          if (!stopped) {
            vertx.setTimer(policy.interval().toMillis(), id -> probe(probe));
          }
        });
  }

  /** The consecutive results of one target. Touched only by the checker's event loop. */
  private final class Probe {
    final Target target;
    int passes;
    int failures;

    Probe(Target target) {
      this.target = target;
    }

    void record(boolean passed) {
      if (passed) {
        failures = 0;
        if (++passes >= policy.healthyThreshold() && !target.healthy()) {
          target.markHealthy(true);
          log.info("Upstream {} target {} is healthy again", upstream, target);
        }
      } else {
        passes = 0;
        if (++failures >= policy.unhealthyThreshold() && target.healthy()) {
          target.markHealthy(false);
          log.warn("Upstream {} target {} failed {} health checks and is taken out", upstream, target, failures);
        }
      }
    }
  }
}
