package dev.portico.ratelimit;

/** Counts rate-limit decisions for metrics. */
public interface RateLimitStats {
  void allowed();

  void denied();

  /** The shared limiter failed or was late, and the fail mode decided. */
  void limiterFailed();

  RateLimitStats NONE = new RateLimitStats() {
    @Override
    public void allowed() {}

    @Override
    public void denied() {}

    @Override
    public void limiterFailed() {}
  };
}
