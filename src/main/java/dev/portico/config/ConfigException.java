package dev.portico.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used, with every problem found (not just the first), one per message line. */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(render(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors is empty (expected: at least one error)");
    }
    this.errors = List.copyOf(errors);
  }

  public ConfigException(ConfigError error) {
    this(List.of(error));
  }

  public List<ConfigError> errors() {
    return errors;
  }

  private static String render(List<ConfigError> errors) {
    return errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
  }
}
