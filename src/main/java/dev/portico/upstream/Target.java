package dev.portico.upstream;

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

  private final String host;
  private final int port;
  private final String authority;
  private final String peerHost;
  private final SocketAddress address;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong ejectedUntilNanos = new AtomicLong();
  private final AtomicInteger consecutiveConnectFailures = new AtomicInteger();

  public Target(String host, int port) {
    this(host, port, 80, host);
  }

  /**
   * @param defaultPort 80 for http, 443 for https: left out of the Host header
   * @param peerHost    the name TLS sends as SNI and verifies; the host unless overridden
   */
  public Target(String host, int port, int defaultPort, String peerHost) {
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

  public boolean isAvailable(long nowNanos) {
    long until = ejectedUntilNanos.get();
    return until == 0 || nowNanos - until >= 0;
  }

  /** A connection could not be made: eject for 1s, doubling on each further failure, up to 30s. */
  public void connectFailed(long nowNanos) {
    int failures = consecutiveConnectFailures.incrementAndGet();
    long period = Math.min(MAX_EJECTION_NANOS, BASE_EJECTION_NANOS << Math.min(failures - 1, 5));
    ejectedUntilNanos.set(nowNanos + period);
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
