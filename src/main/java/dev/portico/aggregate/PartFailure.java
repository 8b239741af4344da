package dev.portico.aggregate;

/**
 * Why a call of an aggregate gave no result. The reason is shown to clients in {@code _partial} and
 * problem details, so it never carries upstream error text.
 */
final class PartFailure extends RuntimeException {
  private final boolean timeout;

  private PartFailure(String reason, boolean timeout) {
    super(reason, null, false, false);
    this.timeout = timeout;
  }

  static PartFailure timeout() {
    return new PartFailure("timeout", true);
  }

  static PartFailure status(int status) {
    return new PartFailure("upstream status " + status, false);
  }

  static PartFailure unreachable() {
    return new PartFailure("unreachable", false);
  }

  static PartFailure of(String reason) {
    return new PartFailure(reason, false);
  }

  String reason() {
    return getMessage();
  }

  boolean isTimeout() {
    return timeout;
  }

  static PartFailure from(Throwable t) {
    return t instanceof PartFailure f ? f : unreachable();
  }
}
