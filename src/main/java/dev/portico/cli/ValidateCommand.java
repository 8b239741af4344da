package dev.portico.cli;

import dev.portico.config.ConfigException;
import dev.portico.config.ConfigLoader;
import dev.portico.config.GatewayConfig;
import dev.portico.observe.GatewayMetrics;
import dev.portico.runtime.Snapshot;
import dev.portico.runtime.SnapshotCompiler;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description = "Check a config file fully (as a reload would) and print every error "
    + "as file:line:column: key: message. Exits 0 when valid, 1 otherwise.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "YAML config file")
  Path file;

  @Override
  public Integer call() {
    GatewayConfig config = compileOrReport(file);
    if (config == null) {
      return 1;
    }
    System.out.printf("%s: valid (%d route(s), %d upstream(s))%n", file, config.routes().size(),
        config.upstreams().size());
    return 0;
  }

  /**
   * Loads and compiles the file exactly as the gateway would, without starting anything. Prints
   * every error to stderr and returns null when the file is not valid.
   */
  static GatewayConfig compileOrReport(Path file) {
    Snapshot snapshot = compileSnapshotOrReport(file);
    return snapshot == null ? null : snapshot.config();
  }

  /** As {@link #compileOrReport}, returning the compiled snapshot (routes with their chains). */
  static Snapshot compileSnapshotOrReport(Path file) {
    try {
      GatewayConfig config = ConfigLoader.load(file);
      try (GatewayMetrics metrics = new GatewayMetrics()) {
        return SnapshotCompiler.forChecking(metrics, config).compile(config, null, 1);
      }
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return null;
    }
  }
}
