package dev.portico.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code portico} command line. */
@Command(name = "portico",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Portico: an API gateway for microservices.", ""},
    subcommands = {RunCommand.class, ValidateCommand.class, RoutesCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  portico demo                      start the demo shop behind the gateway",
        "  portico validate portico.yaml     check a config file and print every error",
        "  portico routes portico.yaml       print the resolved route table",
        "  portico run -c portico.yaml       run the gateway (the file is watched and reloaded)"})
public final class Main {
  public static void main(String[] args) {
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0 || !RunCommand.keepsRunning()) {
      System.exit(exit);
    }
  }
}
