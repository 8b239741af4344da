package dev.portico.config;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in scalar values; {@code $${} is a literal {@code ${}.
 * It runs on each scalar after YAML parsing, so positions still point into the file, and a value containing YAML
 * syntax cannot change the document's structure. Substituted text is not scanned again, so an environment value
 * containing {@code ${...}} stays as it is. Error messages name variables, never their values.
 */
final class EnvInterpolator {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> env;

  EnvInterpolator(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** @throws IllegalArgumentException for an unset variable without default or a malformed reference */
  String resolve(String raw) {
    if (raw.indexOf('$') < 0) {
      return raw; // the common case: no allocation
    }
    StringBuilder out = new StringBuilder(raw.length() + 16);
    int i = 0;
    int n = raw.length();
    while (i < n) {
      char c = raw.charAt(i);
      if (c == '$' && raw.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && raw.startsWith("${", i)) {
        int end = raw.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated \"${\" (expected: ${NAME}, ${NAME:-default},"
              + " or $${ for a literal ${)");
        }
        out.append(lookup(raw.substring(i + 2, end)));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String lookup(String expression) {
    int separator = expression.indexOf(":-");
    String name = separator < 0 ? expression : expression.substring(0, separator);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(Quote.of("${" + expression + "}")
          + " is not a variable reference (expected: ${NAME} with letters, digits and _)");
    }
    String value = env.apply(name);
    if (separator >= 0 && (value == null || value.isEmpty())) {
      return expression.substring(separator + 2); // shell semantics: ":-" also covers set-but-empty
    }
    if (value == null) {
      throw new IllegalArgumentException("environment variable " + name + " is not set"
          + " (expected: set it, or give a default like ${" + name + ":-value})");
    }
    return value;
  }
}
