package dev.portico.cli;

import dev.portico.config.GatewayConfig;
import dev.portico.runtime.Snapshot;
import dev.portico.config.MatchConfig;
import dev.portico.config.RouteConfig;
import dev.portico.config.UpstreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "routes", description = "Print the resolved route table of a config file: match, target "
    + "upstream and its targets, rewrite, timeout, body limit and chain. Routes are listed by priority, "
    + "then in declaration order (see docs/routing.md for full precedence).")
final class RoutesCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "YAML config file")
  Path file;

  @Override
  public Integer call() {
    Snapshot snapshot = ValidateCommand.compileSnapshotOrReport(file);
    if (snapshot == null) {
      return 1;
    }
    GatewayConfig config = snapshot.config();
    List<RouteConfig> routes = new ArrayList<>(config.routes());
    routes.sort(Comparator.comparingInt(RouteConfig::priority).reversed());
    for (RouteConfig rc : routes) {
      System.out.println(describe(rc, config, snapshot.routesById().get(rc.id()).chain().describe()));
    }
    System.out.printf("%d route(s)%n", routes.size());
    return 0;
  }

  static String describe(RouteConfig rc, GatewayConfig config, String chain) {
    MatchConfig m = rc.match();
    UpstreamConfig up = config.upstreams().get(rc.upstream());
    StringBuilder b = new StringBuilder();
    b.append(rc.id()).append("  (priority ").append(rc.priority()).append(")\n");
    b.append("  match    ").append(m.methods().isEmpty() ? "*" : String.join(",", m.methods())).append(' ')
        .append(m.hosts().isEmpty() ? "" : String.join(",", m.hosts())).append(m.path());
    if (!m.headers().isEmpty()) {
      b.append("  headers ").append(m.headers());
    }
    if (!m.query().isEmpty()) {
      b.append("  query ").append(m.query());
    }
    if (m.mediaType() != null) {
      b.append("  accept ").append(m.mediaType().type() == null ? "*/*" : m.mediaType().type()).append(';')
          .append(m.mediaType().param()).append('=').append(m.mediaType().value());
    }
    b.append('\n');
    if (rc.aggregate() != null) {
      rc.aggregate().calls().values().forEach(c -> b.append("  call     ").append(c.name()).append(' ')
          .append(c.method()).append(' ').append(c.upstream()).append(' ').append(c.path())
          .append(c.required() ? "  required" : "").append('\n'));
      b.append("  timeout  ").append(rc.aggregate().timeout()).append('\n');
      b.append("  chain    ").append(chain).append(rc.shape() != null ? "  views " + rc.shape().views().keySet() : "");
      return b.toString();
    }
    b.append("  upstream ").append(up.name()).append(' ').append(up.targets()).append(' ')
        .append(up.balance().name().toLowerCase().replace('_', '-')).append('\n');
    if (rc.split() != null) {
      b.append("  split   ");
      rc.split().upstreams().forEach(w -> b.append(' ').append(w.upstream()).append(' ').append(w.weight()));
      b.append('\n');
    }
    rc.flags().forEach(flag -> b.append("  flag     ").append(flag.name()).append(" tenants ")
        .append(String.join(",", flag.tenants())).append(" -> ").append(flag.upstream()).append('\n'));
    if (rc.rewrite() != null) {
      b.append("  rewrite  ").append(rc.rewrite().stripPrefix() != null
          ? "stripPrefix " + rc.rewrite().stripPrefix() : "path " + rc.rewrite().path()).append('\n');
    }
    b.append("  timeout  ").append(rc.timeout() != null ? rc.timeout() : up.timeout())
        .append("  maxBody ").append(rc.maxBodySize() != null ? rc.maxBodySize() : config.listen().limits().maxBodySize())
        .append(rc.preserveHost() ? "  preserveHost" : "").append('\n');
    b.append("  chain    ").append(chain);
    return b.toString();
  }
}
