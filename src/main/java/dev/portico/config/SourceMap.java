package dev.portico.config;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where each value was written in the config file, by key path such as {@code routes[3].match.path}. Stages after
 * loading, like the router compiling path patterns, use {@link #errorAt} to report errors at the right line.
 *
 * <p>Positions are kept as a small tree mirroring the YAML (not as a map of full path strings, and not as
 * SnakeYAML's nodes, whose marks pin the parser's buffers): building it costs one pass, and a lookup walks only the
 * path asked for.
 */
public final class SourceMap {

  private final String file;
  private final Position root;

  private SourceMap(String file, Position root) {
    this.file = Objects.requireNonNull(file, "file");
    this.root = root;
  }

  /** For configs built in code: every error is reported against the file, with no position. */
  public static SourceMap empty(String file) {
    return new SourceMap(file, null);
  }

  /** @param root the composed document, or {@code null} if it was empty */
  static SourceMap of(String file, Node root) {
    return new SourceMap(file, root == null ? null : Position.of(root, new IdentityHashMap<>()));
  }

  public String file() {
    return file;
  }

  /**
   * An error at the value of {@code keyPath}, or at its nearest written ancestor when the path itself is absent
   * from the file (a default), or with no position when nothing is known.
   */
  public ConfigError errorAt(String keyPath, String message) {
    Position at = find(keyPath);
    return at == null
        ? new ConfigError(file, 0, 0, keyPath, message)
        : new ConfigError(at.source == null ? file : at.source, at.line, at.column, keyPath, message);
  }

  private Position find(String keyPath) {
    Position at = root;
    int i = 0;
    int n = keyPath.length();
    while (at != null && i < n) {
      Position next;
      if (keyPath.charAt(i) == '[') {
        int close = keyPath.indexOf(']', i);
        int index = close < 0 ? -1 : parseIndex(keyPath, i + 1, close);
        next = index < 0 ? null : at.item(index);
        i = close + 1;
      } else {
        int keyLength = at.longestKeyAt(keyPath, i);
        next = keyLength < 0 ? null : at.child(keyPath, i, keyLength);
        i += Math.max(keyLength, 0);
      }
      if (next == null) {
        return at;
      }
      at = next;
      if (i < n && keyPath.charAt(i) == '.') {
        i++;
      }
    }
    return at;
  }

  private static int parseIndex(String s, int from, int to) {
    if (from == to || to - from > 9) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** One YAML value's position; mappings keep their keys, in file order, beside their children. */
  private static final class Position {
    final int line;
    final int column;
    final String source; // null = the map's file; else another file merged in (the admin's state file)
    final String[] keys; // null unless a mapping
    final Position[] children; // mapping values, or sequence items

    private Position(int line, int column, String source, String[] keys, Position[] children) {
      this.line = line;
      this.column = column;
      this.source = source;
      this.keys = keys;
      this.children = children;
    }

    /** Aliased nodes are built once and shared, so an alias-heavy file cannot make this walk explode. */
    static Position of(Node node, Map<Node, Position> built) {
      Position done = built.get(node);
      if (done != null) {
        return done;
      }
      int line = YamlNodes.line(node);
      int column = YamlNodes.column(node);
      String source = YamlNodes.source(node, null);
      Position p;
      if (node instanceof MappingNode map) {
        List<NodeTuple> tuples = map.getValue();
        String[] keys = new String[tuples.size()];
        Position[] children = new Position[tuples.size()];
        p = new Position(line, column, source, keys, children);
        built.put(node, p);
        for (int i = 0; i < keys.length; i++) {
          NodeTuple t = tuples.get(i);
          keys[i] = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
          children[i] = of(t.getValueNode(), built);
        }
      } else if (node instanceof SequenceNode seq) {
        List<Node> items = seq.getValue();
        Position[] children = new Position[items.size()];
        p = new Position(line, column, source, null, children);
        built.put(node, p);
        for (int i = 0; i < children.length; i++) {
          children[i] = of(items.get(i), built);
        }
      } else {
        p = new Position(line, column, source, null, null);
        built.put(node, p);
      }
      return p;
    }

    Position item(int index) {
      return keys == null && children != null && index < children.length ? children[index] : null;
    }

    /**
     * The length of the longest key that {@code path} continues with at {@code from}, followed by the end, a dot or
     * a bracket; longest so that a name containing dots ({@code upstreams.svc.v2.targets}) still resolves.
     */
    int longestKeyAt(String path, int from) {
      if (keys == null) {
        return -1;
      }
      int best = -1;
      for (String key : keys) {
        if (key != null && key.length() > best && path.startsWith(key, from)) {
          int end = from + key.length();
          if (end == path.length() || path.charAt(end) == '.' || path.charAt(end) == '[') {
            best = key.length();
          }
        }
      }
      return best;
    }

    /** The first entry with that key wins, as it does when binding duplicate keys. */
    Position child(String path, int from, int length) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != null && keys[i].length() == length && path.startsWith(keys[i], from)) {
          return children[i];
        }
      }
      return null;
    }
  }
}
