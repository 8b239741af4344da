package dev.portico.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML nodes as config values and collects every problem instead of stopping at the first. Each reader
 * returns {@code null} (or an empty collection) after recording an error, so binding goes on and finds the rest.
 */
final class ValueReader {

  /** One key of a mapping, with the key node kept for errors about the key itself. */
  record Entry(String key, Node keyNode, Node value) {}

  /** A scalar's text as written and after {@code ${VAR}} substitution; errors show only the written form. */
  record Scalar(String raw, String value) {}

  private final String file;
  private final EnvInterpolator env;
  private final SourceMap sourceMap;
  private final List<ConfigError> errors = new ArrayList<>();

  ValueReader(String file, EnvInterpolator env, SourceMap sourceMap) {
    this.file = file;
    this.env = env;
    this.sourceMap = sourceMap;
  }

  List<ConfigError> errors() {
    return errors;
  }

  int errorCount() {
    return errors.size();
  }

  SourceMap sourceMap() {
    return sourceMap;
  }

  void error(Node at, String path, String message) {
    errors.add(new ConfigError(YamlNodes.source(at, file), YamlNodes.line(at), YamlNodes.column(at), path, message));
  }

  void error(ConfigError error) {
    errors.add(error);
  }

  /** Builds the message for a value that failed to parse: {@code "2x" (expected: a duration like …)}. */
  static IllegalArgumentException invalid(String value, String expected) {
    return new IllegalArgumentException(Quote.of(value) + " (expected: " + expected + ")");
  }

  Scalar scalar(Node node, String path, String expected) {
    if (!checkTag(node, path)) {
      return null;
    }
    if (!(node instanceof ScalarNode s)) {
      error(node, path, YamlNodes.describe(node) + " (expected: " + expected + ")");
      return null;
    }
    if (YamlNodes.isNull(node)) {
      error(node, path, "missing value (expected: " + expected + ")");
      return null;
    }
    try {
      return new Scalar(s.getValue(), env.resolve(s.getValue()));
    } catch (IllegalArgumentException e) {
      error(node, path, e.getMessage());
      return null;
    }
  }

  /**
   * Parses a scalar with {@code parser}, which throws {@link IllegalArgumentException} whose message starts with
   * the quoted value. The message is re-quoted with the text as written, so a substituted secret never appears.
   */
  <T> T parse(Node node, String path, String expected, Function<String, T> parser) {
    Scalar s = scalar(node, path, expected);
    if (s == null) {
      return null;
    }
    try {
      return parser.apply(s.value());
    } catch (IllegalArgumentException e) {
      String quoted = Quote.of(s.value());
      String message = e.getMessage();
      String detail = message != null && message.startsWith(quoted)
          ? message.substring(quoted.length())
          : " (expected: " + expected + ")";
      error(node, path, Quote.of(s.raw()) + detail);
      return null;
    }
  }

  /** The items of a list; absent or empty ({@code key:}) = none. */
  List<Node> items(Node node, String path, String expected) {
    if (YamlNodes.isNull(node) || !checkTag(node, path)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode seq)) {
      error(node, path, YamlNodes.describe(node) + " (expected: a list of " + expected + ")");
      return List.of();
    }
    return seq.getValue();
  }

  /**
   * The entries of a mapping in file order. Duplicate keys are
   * reported at the second occurrence and dropped, so the first one stays in effect for further checks.
   */
  List<Entry> entries(Node node, String path, String expected) {
    if (YamlNodes.isNull(node) || !checkTag(node, path)) {
      return List.of();
    }
    if (!(node instanceof MappingNode map)) {
      error(node, path, YamlNodes.describe(node) + " (expected: " + expected + ")");
      return List.of();
    }
    List<NodeTuple> tuples = map.getValue();
    List<Entry> entries = new ArrayList<>(tuples.size());
    Map<String, Node> seen = new HashMap<>(tuples.size() * 2);
    for (NodeTuple tuple : tuples) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode k) || YamlNodes.isNull(keyNode) || !checkTag(keyNode, path)) {
        error(keyNode, path, YamlNodes.describe(keyNode) + " as a key (expected: a plain name)");
        continue;
      }
      String key = k.getValue();
      Node first = seen.putIfAbsent(key, keyNode);
      if (first != null) {
        error(keyNode, child(path, key), "duplicate key (first set at line " + YamlNodes.line(first) + ")");
        continue;
      }
      entries.add(new Entry(key, keyNode, tuple.getValueNode()));
    }
    return entries;
  }

  /** A mapping whose keys must come from {@code allowed}; unknown keys are reported with a suggestion. */
  Fields fields(Node node, String path, List<String> allowed) {
    boolean isMapping = YamlNodes.isNull(node) || node instanceof MappingNode;
    List<Entry> entries = entries(node, path, "a mapping with keys " + String.join(", ", allowed));
    Map<String, Entry> known = new HashMap<>(entries.size() * 2);
    for (Entry e : entries) {
      if (allowed.contains(e.key())) {
        known.put(e.key(), e);
      } else if (e.keyNode().getTag().equals(Tag.MERGE)) {
        // Merging would make a key's position ambiguous (which file line set it?), so keys are written out.
        error(e.keyNode(), child(path, e.key()), "merge keys are not supported (expected: the keys written out)");
      } else {
        error(e.keyNode(), child(path, e.key()), "unknown key " + EditDistance.suggestion(e.key(), allowed));
      }
    }
    return new Fields(this, node, path, known, isMapping);
  }

  private boolean checkTag(Node node, String path) {
    if (YamlNodes.hasAllowedTag(node)) {
      return true;
    }
    String tag = node.getTag().getValue();
    String shown = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
    error(node, path, "tag " + shown + " is not allowed (expected: plain YAML values without tags)");
    return false;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
