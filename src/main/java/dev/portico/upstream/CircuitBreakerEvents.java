package dev.portico.upstream;

import dev.portico.upstream.resilience.CircuitBreaker;

/** Told of circuit breaker transitions of every target, for metrics and logs. */
public interface CircuitBreakerEvents {
  void onTransition(String upstream, String target, CircuitBreaker.State from, CircuitBreaker.State to);

  CircuitBreakerEvents NONE = (upstream, target, from, to) -> { };
}
