package dev.portico.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
  @TempDir
  Path dir;

  static AccessLogEntry entry(String requestId) {
    return new AccessLogEntry(Instant.EPOCH, requestId, "127.0.0.1", "GET", "/a", "http/1.1", "a",
        "127.0.0.1:1", 200, null, 0, 5, 1.5, 1.0);
  }

  @Test
  void close_flushesEveryQueuedLine() throws IOException {
    Path file = dir.resolve("access.log");
    AccessLog log = AccessLog.open(file.toString());
    for (int i = 0; i < 100; i++) {
      log.write(entry("id-" + i));
    }

    log.close();

    assertThat(Files.readAllLines(file)).hasSize(100).last().asString().contains("\"requestId\":\"id-99\"");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void close_releasesTheFile() throws IOException {
    Path file = dir.resolve("access.log");
    AccessLog log = AccessLog.open(file.toString());
    log.write(entry("one"));
    assertThat(openDescriptorsTo(file)).isEqualTo(1);

    log.close();

    assertThat(openDescriptorsTo(file)).isZero();
  }

  /** How many of this process's file descriptors point at {@code file} (Linux /proc). */
  private static long openDescriptorsTo(Path file) throws IOException {
    Path real = file.toRealPath();
    File[] fds = Objects.requireNonNull(new File("/proc/self/fd").listFiles());
    return Arrays.stream(fds).filter(fd -> {
      try {
        return Files.readSymbolicLink(fd.toPath()).equals(real);
      } catch (IOException | UnsupportedOperationException e) {
        return false; // closed meanwhile, or not a link
      }
    }).count();
  }
}
