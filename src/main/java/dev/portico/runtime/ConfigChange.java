package dev.portico.runtime;

import dev.portico.config.ConfigError;
import java.util.List;

/**
 * What an admin change did: applied (the running version after it), or rejected with every error, positioned in
 * the file each value came from (the config file, the state file or the request body).
 */
public record ConfigChange(boolean applied, long version, List<ConfigError> errors) {
  public ConfigChange {
    errors = List.copyOf(errors);
  }

  static ConfigChange applied(long version) {
    return new ConfigChange(true, version, List.of());
  }

  static ConfigChange rejected(List<ConfigError> errors) {
    return new ConfigChange(false, -1, errors);
  }
}
