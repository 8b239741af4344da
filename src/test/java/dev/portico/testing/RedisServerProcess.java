package dev.portico.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} from the PATH, on a free ephemeral port of 127.0.0.1, without persistence
 * ({@code --save '' --appendonly no}) in a temporary directory. {@link #kill()} and {@link #restart()} (same port,
 * empty data, as after a crash of a cache-only Redis) let tests watch clients reconnect. CI installs redis-server
 * ({@code .ci/run}); a missing binary fails the test with a message saying so.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static final long START_TIMEOUT_MILLIS = 10_000;
  /** Servers still running when the JVM exits (a test that forgot to close, or a crash) are killed. */
  private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
  }

  private final Path dir;
  private final int port;
  private final List<String> extraArgs;
  /** The Sentinel's master, or {@code null} for a plain server. */
  private final String monitor;
  private Process process;

  private RedisServerProcess(Path dir, int port, List<String> extraArgs) {
    this(dir, port, extraArgs, null);
  }

  private RedisServerProcess(Path dir, int port, List<String> extraArgs, String monitor) {
    this.dir = dir;
    this.port = port;
    this.extraArgs = extraArgs;
    this.monitor = monitor;
  }

  /**
   * A Sentinel (redis-server in sentinel mode) watching the server on {@code masterPort} as {@code masterName},
   * with a quorum of one. Its config file is written to its temporary directory, where it may rewrite it.
   */
  public static RedisServerProcess startSentinel(String masterName, int masterPort) {
    try {
      RedisServerProcess sentinel = new RedisServerProcess(Files.createTempDirectory("portico-sentinel-"),
          freePort(), List.of(), "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1");
      sentinel.launch();
      return sentinel;
    } catch (IOException e) {
      throw new IllegalStateException("redis-server --sentinel did not start", e);
    }
  }

  /** Starts a server and waits until it answers PING. Extra arguments, e.g. {@code "--requirepass", "s3cret"}. */
  public static RedisServerProcess start(String... extraArgs) {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      // The port is free now; another process could take it before redis-server binds: then try another one.
      RedisServerProcess redis;
      try {
        redis = new RedisServerProcess(Files.createTempDirectory("portico-redis-"), freePort(), List.of(extraArgs));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      try {
        redis.launch();
        return redis;
      } catch (IOException e) {
        last = e;
        redis.close();
      }
    }
    throw new IllegalStateException("redis-server did not start", last);
  }

  /** A port nobody listens on, for configs pointing at a Redis that is not there (yet). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server for a port chosen before: {@link #restart()} starts it. */
  public static RedisServerProcess notStarted(int port, String... extraArgs) {
    try {
      return new RedisServerProcess(Files.createTempDirectory("portico-redis-"), port, List.of(extraArgs));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized void launch() throws IOException {
    List<String> command = new ArrayList<>(List.of("redis-server"));
    if (monitor != null) {
      // A Sentinel needs a config file it can write; its settings go there rather than on the command line.
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\nlogfile "
          + dir.resolve("redis.log") + "\n" + monitor + "\n");
      command.addAll(List.of(conf.toString(), "--sentinel"));
    } else {
      command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no",
          "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString(),
          "--daemonize", "no"));
    }
    command.addAll(extraArgs);
    try {
      process = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.log").toFile())
          .start();
      RUNNING.add(process);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run redis-server (" + e.getMessage() + "): install it, e.g."
          + " apt-get install -y redis-server; .ci/run does so on a fresh machine", e);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + ": " + log());
      }
      if (answersPing()) {
        return;
      }
      sleep(20);
    }
    throw new IOException("redis-server did not answer PING within " + START_TIMEOUT_MILLIS + " ms: " + log());
  }

  /** Whether something on the port answers a PING (NOAUTH counts: the server is up, it wants a password). */
  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[64];
      int n = in.read(buf);
      String reply = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
      return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:PORT/0}. */
  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** SIGKILL, as a crash: no goodbye to the clients, their connections just die. */
  public synchronized void kill() {
    if (process != null) {
      RUNNING.remove(process);
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts again on the same port, empty (nothing is persisted), and waits for PING. */
  public synchronized void restart() {
    kill();
    try {
      launch();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String log() {
    try {
      Path file = dir.resolve("redis.log");
      String text = Files.exists(file) ? Files.readString(file) : "";
      Path stdout = dir.resolve("stdout.log");
      return text + (Files.exists(stdout) ? Files.readString(stdout) : "");
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
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

  @Override
  public synchronized void close() {
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is harmless
    }
  }
}
