package dev.portico.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The client-facing listener.
 *
 * @param port                 0 = ephemeral
 * @param http2                h2c with prior knowledge and via upgrade, besides HTTP/1.1
 * @param idleTimeout          idle keep-alive connections are closed after this; zero = never
 * @param requestHeaderTimeout the whole request head must arrive within this (slowloris guard)
 * @param trustedProxies       peers whose X-Forwarded-For / Forwarded headers are believed
 * @param tls                  {@code null} = cleartext; otherwise the port speaks TLS only (h2 by ALPN)
 */
public record ListenConfig(String host, int port, boolean http2, Duration idleTimeout,
    Duration requestHeaderTimeout, LimitsConfig limits, List<Cidr> trustedProxies, TlsConfig tls) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);

  public ListenConfig {
    Objects.requireNonNull(host, "host");
    Ports.check("port", port);
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestHeaderTimeout, "requestHeaderTimeout");
    Objects.requireNonNull(limits, "limits");
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** A cleartext listener. */
  public ListenConfig(String host, int port, boolean http2, Duration idleTimeout, Duration requestHeaderTimeout,
      LimitsConfig limits, List<Cidr> trustedProxies) {
    this(host, port, http2, idleTimeout, requestHeaderTimeout, limits, trustedProxies, null);
  }

  public static ListenConfig ofDefault() {
    return new ListenConfig(DEFAULT_HOST, DEFAULT_PORT, true, DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_HEADER_TIMEOUT,
        LimitsConfig.ofDefault(), List.of());
  }

  /** True if {@code peerIp} (a literal) is a trusted proxy. */
  public boolean isTrustedProxy(String peerIp) {
    for (Cidr cidr : trustedProxies) {
      if (cidr.contains(peerIp)) {
        return true;
      }
    }
    return false;
  }
}
