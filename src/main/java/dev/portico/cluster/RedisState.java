package dev.portico.cluster;

/** The state of a connection to Redis, as the admin API reports it. */
public enum RedisState {
  /** Started, first attempt not finished yet. */
  CONNECTING,
  /** The last health check (or subscription) succeeded. */
  UP,
  /** The last attempt failed; retrying with backoff. Commands fail at once instead of waiting on a dead server. */
  DOWN,
  /** Closed on shutdown. */
  CLOSED
}
