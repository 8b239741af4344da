package dev.portico.ratelimit;

import io.vertx.core.Future;
import java.util.List;

/** Decides rate limits for one request: all quotas or none are charged. */
public interface Limiter {
  Future<List<Decision>> check(List<String> keys, List<Quota> quotas, int cost);
}
