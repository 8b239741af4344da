package dev.portico.observe;

import dev.portico.config.AccessLogConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per request from a dedicated thread, so an event loop never waits on a
 * terminal or a disk. The queue is bounded: when the writer falls behind, lines are dropped and
 * counted rather than slowing requests or growing memory. Each line carries the configured fields;
 * successes may be sampled, while every 4xx and 5xx is kept.
 */
public final class AccessLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
  private static final int QUEUE_CAPACITY = 65_536;
  /** The longest a written line waits in the buffer before it reaches the file or terminal. */
  static final long FLUSH_DELAY_MILLIS = 100;
  /** Tells the writer to stop; compared by identity. */
  private static final AccessLogEntry POISON = new AccessLogEntry(null, null, null, null, null, null, null, null, 0,
      null, 0, 0, 0, -1);

  // Entries, not lines: the JSON is built on the writer thread, which takes a few microseconds off
  // each request on the event loop (mostly the timestamp's formatting).
  private final BlockingQueue<AccessLogEntry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Writer out;
  private final boolean ownsStream;
  private final Thread writer;
  private final List<AccessLogField> fields;
  private final double successSampling;

  private AccessLog(Writer out, boolean ownsStream, AccessLogConfig config) {
    this.out = out;
    this.ownsStream = ownsStream;
    this.fields = config.orderedFields();
    this.successSampling = config.successSampling();
    this.writer = new Thread(this::drain, "portico-access-log");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** {@code "stdout"} or a file path (appended to). A file is closed by {@link #close()}; stdout is not. */
  public static AccessLog open(String destination) throws IOException {
    return open(new AccessLogConfig(true, destination));
  }

  /** Opens {@code config.path()} with the config's fields and sampling. */
  public static AccessLog open(AccessLogConfig config) throws IOException {
    String destination = config.path();
    boolean stdout = "stdout".equals(destination);
    OutputStream stream = stdout
        ? new java.io.FileOutputStream(java.io.FileDescriptor.out)
        : Files.newOutputStream(Path.of(destination), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new AccessLog(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024),
        !stdout, config);
  }

  public void write(AccessLogEntry entry) {
    if (successSampling < 1 && entry.status() < 400 && entry.code() == null
        && (successSampling == 0 || ThreadLocalRandom.current().nextDouble() >= successSampling)) {
      return;
    }
    if (!queue.offer(entry)) {
      dropped.incrementAndGet();
    }
  }

  public long dropped() {
    return dropped.get();
  }

  private void drain() {
    try {
      boolean unflushed = false;
      while (true) {
        AccessLogEntry entry = queue.poll();
        if (entry == null && unflushed) {
          // Nothing queued: wait a moment for more before paying a write syscall. Under steady
          // traffic the buffer fills and writes itself; a quiet log is flushed within the delay.
          entry = queue.poll(FLUSH_DELAY_MILLIS, TimeUnit.MILLISECONDS);
          if (entry == null) {
            out.flush();
            unflushed = false;
            continue;
          }
        } else if (entry == null) {
          entry = queue.take();
        }
        if (entry == POISON) {
          break;
        }
        out.write(entry.toJson(fields));
        out.write('\n');
        unflushed = true;
      }
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("Access log writer stopped: {}", e.toString());
    } finally {
      if (ownsStream) {
        closeQuietly();
      }
    }
  }

  private void closeQuietly() {
    try {
      out.close();
    } catch (IOException e) {
      log.warn("Could not close the access log: {}", e.toString());
    }
  }

  @Override
  public void close() {
    try {
      // Bounded waits: a writer that died on an I/O error must not hang shutdown on a full queue.
      if (queue.offer(POISON, 5, TimeUnit.SECONDS)) {
        writer.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
