/**
 * Loading and validating Portico's YAML configuration.
 *
 * <p>{@link dev.portico.config.ConfigLoader} composes the YAML into nodes (never objects), binds them into the
 * immutable {@code *Config} records with defaults for absent keys, substitutes {@code ${VAR}} in scalar values, and
 * checks references across the file. Every problem is reported at once in a {@link
 * dev.portico.config.ConfigException}, one {@link dev.portico.config.ConfigError} per line:
 *
 * <pre>portico.yaml:14:12: routes[2].timeout: "100sec" (expected: a duration like 250ms, 2s, 1m)</pre>
 *
 * <p>Later stages keep the same format through {@link dev.portico.config.SourceMap#errorAt}: for example the router,
 * which owns path-pattern syntax, reports a bad pattern at {@code routes[3].match.path}.
 *
 * <p>Internals, package-private: {@code YamlNodes} (safe composing), {@code ValueReader} and {@code Fields} (typed
 * reading, error collection), {@code Binder} (records), {@code Validator} (cross references), {@code
 * EnvInterpolator}, {@code EditDistance} (did-you-mean), {@code IpLiterals} (DNS-free address parsing).
 */
package dev.portico.config;
