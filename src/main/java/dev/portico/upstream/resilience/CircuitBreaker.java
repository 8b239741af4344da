package dev.portico.upstream.resilience;

import java.util.function.LongSupplier;

/**
 * A circuit breaker for one upstream target: closed, open and half-open, tripped by the failure
 * rate or the slow-call rate over a sliding window of the last calls, once the window holds a
 * minimum number of calls. While open the target is skipped; after {@code openFor} a few probe
 * calls are let through (half-open) and decide whether it closes again or re-opens.
 *
 * <p>Shared by all event loops. The check on the request path is one volatile read; recording an
 * outcome takes a short lock on a ring of a few dozen entries.
 */
public final class CircuitBreaker {

  public enum State { CLOSED, OPEN, HALF_OPEN }

  /** Told of each state change, for metrics and logs. Called outside the lock. */
  public interface Listener {
    void onTransition(State from, State to);
  }

  private static final byte SUCCESS = 0;
  private static final byte FAILURE = 1;
  private static final byte SLOW = 2;
  private static final byte SLOW_FAILURE = 3;

  private final CircuitBreakerPolicy policy;
  private final LongSupplier nanoClock;
  private final Listener listener;
  private final byte[] window;
  private int next;
  private int recorded;
  private int failures;
  private int slow;
  private int probesStarted;
  private int probesSucceeded;
  private volatile State state = State.CLOSED;
  private volatile long openUntilNanos;

  public CircuitBreaker(CircuitBreakerPolicy policy, LongSupplier nanoClock, Listener listener) {
    this.policy = policy;
    this.nanoClock = nanoClock;
    this.listener = listener;
    this.window = new byte[policy.window()];
  }

  public State state() {
    State s = state;
    return s == State.OPEN && nanoClock.getAsLong() - openUntilNanos >= 0 ? State.HALF_OPEN : s;
  }

  /**
   * Whether a call may go to this target now. In half-open state only {@code halfOpenCalls} probes
   * are admitted; a caller that gets {@code true} must report the outcome with {@link #record}.
   */
  public boolean tryAcquire() {
    State s = state;
    if (s == State.CLOSED) {
      return true;
    }
    if (s == State.OPEN && nanoClock.getAsLong() - openUntilNanos < 0) {
      return false;
    }
    State from;
    synchronized (this) {
      from = state;
      if (from == State.OPEN) {
        if (nanoClock.getAsLong() - openUntilNanos < 0) {
          return false;
        }
        state = State.HALF_OPEN;
        probesStarted = 0;
        probesSucceeded = 0;
      } else if (from == State.CLOSED) {
        return true;
      }
      if (probesStarted >= policy.halfOpenCalls()) {
        return false;
      }
      probesStarted++;
    }
    if (from == State.OPEN) {
      listener.onTransition(State.OPEN, State.HALF_OPEN);
    }
    return true;
  }

  /** Reports the outcome of a call admitted by {@link #tryAcquire}. */
  public void record(boolean failed, long durationNanos) {
    boolean isSlow = durationNanos >= policy.slowCallNanos();
    State from;
    State to;
    synchronized (this) {
      from = state;
      if (from == State.HALF_OPEN) {
        if (failed || isSlow) {
          open();
        } else if (++probesSucceeded >= policy.halfOpenCalls()) {
          close();
        }
      } else if (from == State.CLOSED) {
        add(failed, isSlow);
        if (recorded >= policy.minimumCalls() && (rate(failures) >= policy.failureRate()
            || rate(slow) >= policy.slowCallRate())) {
          open();
        }
      }
      to = state;
    }
    if (from != to) {
      listener.onTransition(from, to);
    }
  }

  /** Closes the breaker by hand (admin API: reset a circuit). */
  public void reset() {
    State from;
    synchronized (this) {
      from = state;
      close();
    }
    if (from != State.CLOSED) {
      listener.onTransition(from, State.CLOSED);
    }
  }

  private double rate(int count) {
    return (double) count / recorded;
  }

  private void add(boolean failed, boolean isSlow) {
    byte outcome = failed ? (isSlow ? SLOW_FAILURE : FAILURE) : (isSlow ? SLOW : SUCCESS);
    if (recorded == window.length) {
      forget(window[next]);
    } else {
      recorded++;
    }
    window[next] = outcome;
    next = (next + 1) % window.length;
    if (outcome == FAILURE || outcome == SLOW_FAILURE) {
      failures++;
    }
    if (outcome == SLOW || outcome == SLOW_FAILURE) {
      slow++;
    }
  }

  private void forget(byte outcome) {
    if (outcome == FAILURE || outcome == SLOW_FAILURE) {
      failures--;
    }
    if (outcome == SLOW || outcome == SLOW_FAILURE) {
      slow--;
    }
  }

  private void open() {
    state = State.OPEN;
    openUntilNanos = nanoClock.getAsLong() + policy.openForNanos();
    clearWindow();
  }

  private void close() {
    state = State.CLOSED;
    clearWindow();
  }

  private void clearWindow() {
    next = 0;
    recorded = 0;
    failures = 0;
    slow = 0;
  }
}
