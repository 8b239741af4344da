package dev.portico.security.jwt;

import dev.portico.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Timers on a {@link MutableClock}: tasks run when a test advances the clock past their time. */
final class FakeTimers implements Timers {
  private record Task(long id, Instant due, Runnable run) {}

  private final MutableClock clock;
  private final List<Task> pending = new ArrayList<>();
  private long nextId;

  FakeTimers(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized long schedule(long delayMillis, Runnable task) {
    long id = nextId++;
    pending.add(new Task(id, clock.instant().plusMillis(delayMillis), task));
    return id;
  }

  @Override
  public synchronized void cancel(long id) {
    pending.removeIf(t -> t.id() == id);
  }

  /** Moves the clock forward, running each task that falls due, in time order, at its time. */
  void advance(Duration by) {
    Instant end = clock.instant().plus(by);
    while (true) {
      Task next;
      synchronized (this) {
        next = pending.stream().filter(t -> !t.due().isAfter(end)).min(Comparator.comparing(Task::due)).orElse(null);
        if (next != null) {
          pending.remove(next);
        }
      }
      if (next == null) {
        break;
      }
      if (next.due().isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), next.due()));
      }
      next.run().run();
    }
    clock.advance(Duration.between(clock.instant(), end));
  }

  /** When the next task is due, or {@code null} if none is pending. */
  synchronized Instant nextDue() {
    return pending.stream().map(Task::due).min(Comparator.naturalOrder()).orElse(null);
  }

  synchronized int pendingCount() {
    return pending.size();
  }
}
