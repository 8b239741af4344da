package dev.portico.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as operators run it: {@code portico run -c FILE} in a JVM of its own, on ephemeral
 * ports, so tests can send it real signals. Output (stdout and stderr merged) goes to a file, not
 * a pipe: {@link Process#destroy()} closes the parent's end of the pipes, which would lose what the
 * process prints while it shuts down. The ports are read from the startup log line, and
 * {@link #start} returns once {@code /ready} is 200.
 */
public final class ExternalGateway implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("Portico listening on \\S+:(\\d+) \\(admin on \\S+:(\\d+)\\)");
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final Path file;
  private final Path log;
  private final Process process;
  private int port;
  private int adminPort;

  private ExternalGateway(Path file, Path log, Process process) {
    this.file = file;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code portico run} on {@code yaml} (ports default to 0, as in {@link TestGateway}). */
  public static ExternalGateway start(String yaml) {
    ExternalGateway gateway;
    try {
      Path file = Files.createTempFile("portico-external-", ".yaml");
      Path log = Files.createTempFile("portico-external-", ".log");
      Files.writeString(file, TestGateway.withEphemeralPorts(yaml));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          "dev.portico.cli.Main", "run", "-c", file.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      gateway = new ExternalGateway(file, log, process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      gateway.awaitPorts();
      gateway.awaitReady();
      return gateway;
    } catch (Exception e) {
      gateway.close();
      throw new IllegalStateException("Gateway did not start: " + e + "\n" + gateway.output(), e);
    }
  }

  private void awaitPorts() throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      Matcher m = LISTENING.matcher(output());
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        adminPort = Integer.parseInt(m.group(2));
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no \"Portico listening\" line (process alive: " + process.isAlive() + ")");
  }

  private void awaitReady() throws InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(adminUrl("/ready")))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("/ready did not answer 200 within " + STARTUP);
  }

  public int port() {
    return port;
  }

  public int adminPort() {
    return adminPort;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public String adminUrl(String path) {
    return "http://127.0.0.1:" + adminPort() + path;
  }

  /** Sends SIGTERM (what {@link Process#destroy()} does on Linux and macOS). */
  public void sigterm() {
    process.destroy();
  }

  /** The exit code, or empty when the process is still running after {@code timeout}. */
  public OptionalInt waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? OptionalInt.of(process.exitValue())
        : OptionalInt.empty();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(file);
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // a temp file: leave it
    }
  }
}
