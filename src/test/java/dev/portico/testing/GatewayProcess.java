package dev.portico.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real gateway in its own JVM ({@code portico run -c file}), for what the test JVM cannot show:
 * behaviour under a small heap, exit codes, signals. Ports are ephemeral: the YAML gets
 * {@code listen}/{@code admin} on port 0 unless it sets them, and the bound ports are read from the
 * startup log line. Output goes to files, so a chatty gateway can never block on a full pipe. The
 * process is always killed by {@link #close()}.
 */
public final class GatewayProcess implements AutoCloseable {
  /** The runtime's startup line: "Portico listening on HOST:PORT (admin on HOST:PORT), ..." */
  private static final Pattern LISTENING =
      Pattern.compile("Portico listening on \\S+:(\\d+) \\(admin on \\S+:(\\d+)\\)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path dir;
  private final Path stdout;
  private final Path stderr;
  private int port = -1;
  private int adminPort = -1;

  private GatewayProcess(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
    this.stdout = dir.resolve("stdout.log");
    this.stderr = dir.resolve("stderr.log");
  }

  /**
   * Writes {@code yaml} to a temporary file, runs the gateway on it with the test classpath, and
   * waits until its admin {@code /ready} answers 200.
   *
   * @param jvmOptions e.g. {@code -Xmx48m}; {@code -XX:+ExitOnOutOfMemoryError} is always added so
   *     an out-of-memory gateway dies visibly instead of limping on
   */
  public static GatewayProcess start(String yaml, String... jvmOptions) {
    Path dir;
    try {
      dir = Files.createTempDirectory("portico-process-");
      Files.writeString(dir.resolve("portico.yaml"), TestGateway.withEphemeralPorts(yaml));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.portico.cli.Main",
        "run", "-c", dir.resolve("portico.yaml").toString()));
    GatewayProcess gateway;
    try {
      Process process = new ProcessBuilder(command)
          .redirectOutput(dir.resolve("stdout.log").toFile())
          .redirectError(dir.resolve("stderr.log").toFile())
          .start();
      gateway = new GatewayProcess(process, dir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      gateway.awaitReady();
    } catch (RuntimeException e) {
      String output = gateway.stdout() + gateway.stderr();
      gateway.close();
      throw new IllegalStateException(e.getMessage() + "\n--- gateway output ---\n" + output, e);
    }
    return gateway;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gateway exited with " + process.exitValue() + " before it was ready");
      }
      if (port < 0) {
        Matcher m = LISTENING.matcher(stdout() + stderr());
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
          adminPort = Integer.parseInt(m.group(2));
        }
      }
      if (adminPort > 0 && isReady(client)) {
        return;
      }
      sleep(50);
    }
    throw new IllegalStateException("gateway not ready within " + START_TIMEOUT);
  }

  private boolean isReady(HttpClient client) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ready"))
          .timeout(Duration.ofSeconds(2)).build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  public int adminPort() {
    return adminPort;
  }

  public long pid() {
    return process.pid();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Asks for a graceful stop: on Linux and macOS, {@link Process#destroy()} sends SIGTERM. */
  public void sigterm() {
    process.destroy();
  }

  /** Waits for the process to exit; returns its exit code, or null if it is still running. */
  public Integer waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String adminUrl(String path) {
    return "http://127.0.0.1:" + adminPort() + path;
  }

  /** Everything the process wrote so far, stdout then stderr (the log). */
  public String output() {
    return stdout() + stderr();
  }

  /** Everything the process wrote to stdout so far. */
  public String stdout() {
    return read(stdout);
  }

  /** Everything the process wrote to stderr so far (the log goes here). */
  public String stderr() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Kills the process if it still runs and removes its files. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(10));
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // temporary files only
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
