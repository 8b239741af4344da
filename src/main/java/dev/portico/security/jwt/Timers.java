package dev.portico.security.jwt;

/** One-shot timers, so that refresh scheduling can run on Vert.x or on a test's fake clock. */
interface Timers {

  /** Runs {@code task} once after {@code delayMillis}; returns an id for {@link #cancel}. */
  long schedule(long delayMillis, Runnable task);

  void cancel(long id);
}
