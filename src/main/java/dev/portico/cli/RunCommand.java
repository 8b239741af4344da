package dev.portico.cli;

import dev.portico.config.ConfigException;
import dev.portico.runtime.Gateway;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run the gateway. The config file is watched: a valid change is applied "
    + "atomically, an invalid one is refused and logged. SIGTERM drains in-flight requests, then exits.")
final class RunCommand implements Callable<Integer> {
  private static volatile boolean running;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML config file")
  Path config;

  @Override
  public Integer call() {
    try {
      Gateway gateway = Gateway.start(config);
      installShutdownHook(gateway);
      running = true;
      return 0;
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (Exception e) {
      System.err.println("portico: " + e.getMessage());
      return 1;
    }
  }

  static void installShutdownHook(Gateway gateway) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        long drain = gateway.snapshot().config().shutdown().drainTimeout().toMillis();
        gateway.shutdown().toCompletionStage().toCompletableFuture().get(drain + 5000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        System.err.println("portico: shutdown did not complete cleanly: " + e);
      }
    }, "portico-shutdown"));
  }

  /** Whether a command left the gateway running, so main must not exit. */
  static boolean keepsRunning() {
    return running;
  }

  static void markRunning() {
    running = true;
  }
}
