package dev.portico.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and validates a Portico YAML config. Every problem in the file is reported at once, each with its file,
 * line, column and key path. Loading reads a file and so blocks: call it at boot or from a worker, never from an
 * event loop.
 */
public final class ConfigLoader {

  private static final Comparator<ConfigError> BY_POSITION =
      Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column);

  private ConfigLoader() {}

  /** Loads {@code file}, substituting {@code ${VAR}} from the process environment. */
  public static GatewayConfig load(Path file) throws ConfigException {
    return load(file, ConfigOverlay.empty());
  }

  /** Loads {@code file} with the admin API's runtime changes merged over it (see {@link ConfigOverlay}). */
  public static GatewayConfig load(Path file, ConfigOverlay overlay) throws ConfigException {
    String name = file.toString();
    return parse(read(file), name, System::getenv, overlay);
  }

  /** The file's text, checked to be UTF-8 and of a sane size. Blocks. */
  public static String read(Path file) throws ConfigException {
    String name = file.toString();
    String text;
    try {
      if (Files.size(file) > YamlNodes.MAX_DOCUMENT_CHARS) {
        throw new ConfigException(fileError(name, "file is larger than 16MiB (expected: a config file)"));
      }
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(fileError(name, "not valid UTF-8 (expected: a UTF-8 text file)"));
    } catch (IOException e) {
      throw new ConfigException(fileError(name, "cannot read: " + e));
    }
    return text;
  }

  /**
   * Parses {@code yaml} as if read from {@code fileName} (used only in messages).
   *
   * @param env looks up {@code ${VAR}} references; returns {@code null} for unset variables
   */
  public static GatewayConfig parse(String yaml, String fileName, Function<String, String> env)
      throws ConfigException {
    return parse(yaml, fileName, env, ConfigOverlay.empty());
  }

  /** As {@link #parse(String, String, Function)}, with {@code overlay} merged over the document before binding. */
  public static GatewayConfig parse(String yaml, String fileName, Function<String, String> env,
      ConfigOverlay overlay) throws ConfigException {
    if (yaml.length() > YamlNodes.MAX_DOCUMENT_CHARS) {
      throw new ConfigException(fileError(fileName, "file is larger than 16MiB (expected: a config file)"));
    }
    Node root;
    try {
      root = YamlNodes.compose(yaml);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(syntaxError(fileName, e));
    } catch (YAMLException e) {
      throw new ConfigException(fileError(fileName, e.getMessage()));
    }
    root = overlay.mergeInto(root);
    SourceMap sourceMap = SourceMap.of(fileName, root);
    ValueReader reader = new ValueReader(fileName, new EnvInterpolator(env), sourceMap);
    GatewayConfig config = new Binder(reader).bind(root);
    if (!reader.errors().isEmpty()) {
      List<ConfigError> errors = new ArrayList<>(reader.errors());
      errors.sort(BY_POSITION); // stable: errors at one position keep the order they were found in
      throw new ConfigException(errors);
    }
    return config;
  }

  private static ConfigError syntaxError(String file, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
    String message = e.getContext() != null ? problem + " (" + e.getContext() + ")" : problem;
    message = message.replace('\n', ' ').strip();
    if (mark == null) {
      return fileError(file, message);
    }
    return new ConfigError(file, mark.getLine() + 1, mark.getColumn() + 1, "", message);
  }

  private static ConfigError fileError(String file, String message) {
    return new ConfigError(file, 0, 0, "", message);
  }
}
