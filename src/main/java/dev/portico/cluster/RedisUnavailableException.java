package dev.portico.cluster;

/**
 * A command that could not reach Redis: it is down, did not answer within the command timeout, or the client is
 * closed. Callers fall back to local state; the cause of a down server is in the health status and the log.
 */
public final class RedisUnavailableException extends RuntimeException {

  public RedisUnavailableException(String message) {
    super(message, null, false, false);
  }
}
