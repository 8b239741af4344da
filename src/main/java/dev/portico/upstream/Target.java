package dev.portico.upstream;

import dev.portico.upstream.resilience.CircuitBreaker;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One endpoint of an upstream. Shared by all event loops, so its counters are atomic. A target that
 * refuses connections is ejected for a growing period (passive health): the balancers skip it, and
 * it comes back by itself when the period ends.
 */
public final class Target {
  private static final long BASE_EJECTION_NANOS = 1_000_000_000L;
  private static final long MAX_EJECTION_NANOS = 30_000_000_000L;
  /** Consecutive failed calls (5xx or transport failures) that eject a target (passive outlier detection). */
  static final int CONSECUTIVE_FAILURES_TO_EJECT = 5;

  private final String host;
  private final int port;
  private final String authority;
  private final String peerHost;
  private final SocketAddress address;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong ejectedUntilNanos = new AtomicLong();
  private final AtomicInteger consecutiveConnectFailures = new AtomicInteger();
  private final AtomicInteger consecutiveFailedCalls = new AtomicInteger();
  private final AtomicInteger ejections = new AtomicInteger();
  /** {@code null} when the upstream has no circuit breaker. */
  private final CircuitBreaker breaker;
  /** Set by active health checks; always true for upstreams without them. */
  private volatile boolean healthy = true;

  public Target(String host, int port) {
    this(host, port, 80, host, null);
  }

  /**
   * @param defaultPort 80 for http, 443 for https: left out of the Host header
   * @param peerHost    the name TLS sends as SNI and verifies; the host unless overridden
   * @param breaker     the target's circuit breaker, or {@code null} for none
   */
  public Target(String host, int port, int defaultPort, String peerHost, CircuitBreaker breaker) {
    this.breaker = breaker;
    this.host = host;
    this.port = port;
    this.authority = port == defaultPort ? host : host + ":" + port;
    this.address = SocketAddress.inetSocketAddress(port, host);
    this.peerHost = peerHost;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code host[:port]}, as sent in the Host header when the original host is not preserved. */
  public String authority() {
    return authority;
  }

  /** The server name for TLS (SNI and certificate check); the host for cleartext targets. */
  public String peerHost() {
    return peerHost;
  }

  public SocketAddress address() {
    return address;
  }

  public int inFlight() {
    return inFlight.get();
  }

  public void requestStarted() {
    inFlight.incrementAndGet();
  }

  public void requestEnded() {
    inFlight.decrementAndGet();
  }

  public boolean healthy() {
    return healthy;
  }

  public void markHealthy(boolean healthy) {
    this.healthy = healthy;
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  /**
   * Takes a call slot from the breaker: always granted while closed, only for the probe calls
   * while half-open. A granted call must be reported with {@link #callEnded}.
   */
  public boolean admitCall() {
    return breaker == null || breaker.tryAcquire();
  }

  /**
   * Reports a call's outcome to the breaker (a failure is a connect or transport failure or a 5xx)
   * and counts consecutive failures for outlier ejection.
   *
   * @return whether this failure completes a run that should eject the target
   */
  boolean callEnded(boolean failed, long durationNanos) {
    if (breaker != null) {
      breaker.record(failed, durationNanos);
    }
    if (!failed) {
      if (consecutiveFailedCalls.get() != 0) {
        consecutiveFailedCalls.set(0);
        ejections.set(0);
      }
      return false;
    }
    if (consecutiveFailedCalls.incrementAndGet() >= CONSECUTIVE_FAILURES_TO_EJECT) {
      consecutiveFailedCalls.set(0);
      return true;
    }
    return false;
  }

  /** Ejects after a run of failed calls, for a period that grows with each such run. */
  void ejectAsOutlier(long nowNanos) {
    eject(nowNanos, ejections.incrementAndGet());
  }

  public boolean isAvailable(long nowNanos) {
    if (!healthy || (breaker != null && breaker.state() == CircuitBreaker.State.OPEN)) {
      return false;
    }
    long until = ejectedUntilNanos.get();
    return until == 0 || nowNanos - until >= 0;
  }

  /** A connection could not be made: eject for 1s, doubling on each further failure, up to 30s. */
  public void connectFailed(long nowNanos) {
    eject(nowNanos, consecutiveConnectFailures.incrementAndGet());
  }

  /** Ejects for 1s on the first occasion, doubling with each further one, up to 30s. */
  private void eject(long nowNanos, int occasion) {
    long period = Math.min(MAX_EJECTION_NANOS, BASE_EJECTION_NANOS << Math.min(occasion - 1, 5));
    ejectedUntilNanos.set(nowNanos + period);
  }

  /**
   * Closes the breaker and clears passive ejection and the failure runs behind it (admin API: reset a circuit).
   * Active health is left alone: the next check sets it from what the target says.
   */
  public void resetCircuit() {
    if (breaker != null) {
      breaker.reset();
    }
    ejectedUntilNanos.set(0);
    consecutiveConnectFailures.set(0);
    consecutiveFailedCalls.set(0);
    ejections.set(0);
  }

  public void connected() {
    if (consecutiveConnectFailures.get() != 0) {
      consecutiveConnectFailures.set(0);
      ejectedUntilNanos.set(0);
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
