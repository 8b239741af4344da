package dev.portico.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Runtime changes made through the admin API: routes, upstreams and consumers put or deleted by id, merged over the
 * config file's YAML tree at every load, before binding. Because the merge happens on the tree, an admin change is
 * validated exactly as the file is (same binder, same messages), and each error names the file its value came from:
 * the config file, the state file, or the request body.
 *
 * <p>The operator's file is never rewritten (it has comments and {@code ${ENV}} references that must not be written
 * out resolved); the overlay lives in its own state file, written atomically. Entries are kept as written (also
 * with {@code ${ENV}} references unresolved). Immutable: each change returns a new overlay.
 */
public final class ConfigOverlay {

  /** The three kinds of entry the admin API can change, by their top-level YAML key. */
  public enum Kind {
    ROUTES("routes"), UPSTREAMS("upstreams"), CONSUMERS("consumers");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    /** Routes and consumers are list items carrying an {@code id}; upstreams are mapping entries by name. */
    boolean listed() {
      return this != UPSTREAMS;
    }
  }

  private static final String HEADER = """
      # Runtime changes made through Portico's admin API, merged over the config file at every load.
      # Each entry replaces (or, when null, deletes) the entry with the same id in the config file.
      # Edit with care; delete an entry here (and POST /reload) to give the config file the last word again.
      """;

  private static final ConfigOverlay EMPTY = new ConfigOverlay(new EnumMap<>(Kind.class));

  /** By kind, id to entry in the order changed; a {@code null} entry is a deletion. */
  private final Map<Kind, Map<String, Node>> entries;

  private ConfigOverlay(Map<Kind, Map<String, Node>> entries) {
    this.entries = entries;
  }

  public static ConfigOverlay empty() {
    return EMPTY;
  }

  /** Reads a state file; a missing one is an empty overlay. Blocks: call from a worker or at boot. */
  public static ConfigOverlay read(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return EMPTY;
    } catch (IOException e) {
      throw new ConfigException(new ConfigError(file.toString(), 0, 0, "", "cannot read: " + e));
    }
    return parse(text, file.toString());
  }

  /** Parses a state file's text: {@code routes}, {@code upstreams} and {@code consumers}, each id to entry or null. */
  static ConfigOverlay parse(String text, String source) throws ConfigException {
    Node root = compose(text, source);
    if (YamlNodes.isNull(root)) {
      return EMPTY;
    }
    List<ConfigError> errors = new ArrayList<>();
    Map<Kind, Map<String, Node>> out = new EnumMap<>(Kind.class);
    if (!(root instanceof MappingNode map)) {
      throw new ConfigException(error(source, root, "", YamlNodes.describe(root)
          + " (expected: a mapping with keys routes, upstreams, consumers)"));
    }
    for (NodeTuple t : map.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
      Kind kind = kindOf(key);
      if (kind == null) {
        errors.add(error(source, t.getKeyNode(), key, "unknown key " + EditDistance.suggestion(key,
            List.of("routes", "upstreams", "consumers"))));
        continue;
      }
      if (YamlNodes.isNull(t.getValueNode())) {
        continue;
      }
      if (!(t.getValueNode() instanceof MappingNode byId)) {
        errors.add(error(source, t.getValueNode(), key, YamlNodes.describe(t.getValueNode())
            + " (expected: a mapping of ids to entries, or to null for a deletion)"));
        continue;
      }
      Map<String, Node> kindEntries = out.computeIfAbsent(kind, k -> new LinkedHashMap<>());
      for (NodeTuple e : byId.getValue()) {
        String id = e.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
        Node value = e.getValueNode();
        if (!Binder.isName(id)) {
          errors.add(error(source, e.getKeyNode(), key, Quote.of(id) + " (expected: " + Binder.NAME_EXPECTED + ")"));
        } else if (!YamlNodes.isNull(value) && !(value instanceof MappingNode)) {
          errors.add(error(source, value, key + "." + id, YamlNodes.describe(value)
              + " (expected: a mapping, or null for a deletion)"));
        } else {
          kindEntries.put(id, YamlNodes.isNull(value) ? null : kind.listed() ? withId((MappingNode) value, id) : value);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new ConfigOverlay(out);
  }

  /**
   * This overlay with {@code body} (YAML or JSON: one entry, the same shape as in the config file) put under
   * {@code id}. A route's or consumer's {@code id} may be left out; if given it must be {@code id}. Only the body's
   * syntax and shape are checked here; the merged config is validated as a whole by {@link ConfigLoader}.
   *
   * @param source names the body in error messages, e.g. {@code "PUT /routes/orders"}
   */
  public ConfigOverlay put(Kind kind, String id, String body, String source) throws ConfigException {
    if (!Binder.isName(id)) {
      throw new ConfigException(new ConfigError(source, 0, 0, "id", Quote.of(id) + " (expected: "
          + Binder.NAME_EXPECTED + ")"));
    }
    Node node = compose(body, source);
    if (!(node instanceof MappingNode map)) {
      throw new ConfigException(error(source, node, "", (node == null ? "an empty body" : YamlNodes.describe(node))
          + " (expected: a mapping, as one entry of " + kind.key() + " in the config file)"));
    }
    if (kind.listed()) {
      ScalarNode given = idNode(map);
      if (given != null && !id.equals(given.getValue())) {
        throw new ConfigException(error(source, given, "id", Quote.of(given.getValue())
            + " differs from the id in the path (expected: " + Quote.of(id) + " or no id)"));
      }
      node = withId(map, id);
    }
    return with(kind, id, node);
  }

  /** The {@code id} a route or consumer body gives itself, for {@code POST /routes}; checked like the file's. */
  public static String entryId(String body, String source) throws ConfigException {
    Node node = compose(body, source);
    if (!(node instanceof MappingNode map)) {
      throw new ConfigException(error(source, node, "", (node == null ? "an empty body" : YamlNodes.describe(node))
          + " (expected: a mapping with an id)"));
    }
    ScalarNode id = idNode(map);
    if (id == null || !Binder.isName(id.getValue())) {
      throw new ConfigException(id == null ? error(source, node, "id", "missing required key \"id\"")
          : error(source, id, "id", Quote.of(id.getValue()) + " (expected: " + Binder.NAME_EXPECTED + ")"));
    }
    return id.getValue();
  }

  /** This overlay with the entry {@code id} deleted (also when the config file defines it). */
  public ConfigOverlay remove(Kind kind, String id) {
    return with(kind, id, null);
  }

  private ConfigOverlay with(Kind kind, String id, Node entry) {
    Map<Kind, Map<String, Node>> copy = new EnumMap<>(Kind.class);
    entries.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
    Map<String, Node> kindEntries = copy.computeIfAbsent(kind, k -> new LinkedHashMap<>());
    kindEntries.remove(id); // re-put last: the file lists changes in the order they were made
    kindEntries.put(id, entry);
    return new ConfigOverlay(copy);
  }

  public boolean isEmpty() {
    return entries.values().stream().allMatch(Map::isEmpty);
  }

  /** How many entries of each kind are put and deleted, for the admin API. */
  public Map<String, Map<String, String>> summary() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    entries.forEach((kind, byId) -> {
      Map<String, String> ids = new LinkedHashMap<>();
      byId.forEach((id, node) -> ids.put(id, node == null ? "deleted" : "put"));
      out.put(kind.key(), ids);
    });
    return out;
  }

  /**
   * Writes the overlay to {@code file} atomically (a temporary file in the same directory, then a rename), so a
   * crash leaves the old file or the new one, never half of one. The file may hold API keys as written: it is
   * readable by its owner only. Blocks: call from a worker.
   */
  public void write(Path file) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (Kind kind : Kind.values()) {
      Map<String, Node> byId = entries.get(kind);
      if (byId != null && !byId.isEmpty()) {
        Map<String, Object> plain = new LinkedHashMap<>();
        byId.forEach((id, node) -> plain.put(id, node == null ? null : plain(node)));
        doc.put(kind.key(), plain);
      }
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setWidth(120);
    String text = HEADER + (doc.isEmpty() ? "{}\n" : new Yaml(options).dump(doc));
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: keep its defaults
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Merges the overlay into a composed config document; returns the merged root (the input is not changed). */
  Node mergeInto(Node root) {
    if (isEmpty() || (root != null && !YamlNodes.isNull(root) && !(root instanceof MappingNode))) {
      return root; // nothing to merge, or a non-mapping document the binder reports as it stands
    }
    Node anchor = root != null ? root : firstEntry();
    List<NodeTuple> top = root instanceof MappingNode m ? new ArrayList<>(m.getValue()) : new ArrayList<>();
    for (Kind kind : Kind.values()) {
      Map<String, Node> byId = entries.get(kind);
      if (byId == null || byId.isEmpty()) {
        continue;
      }
      int at = indexOf(top, kind.key());
      Node section = at < 0 ? null : top.get(at).getValueNode();
      Node merged = kind.listed() ? mergeList(section, byId, anchor) : mergeMap(section, byId, anchor);
      if (merged == section) {
        continue;
      }
      NodeTuple tuple = new NodeTuple(at < 0 ? scalar(kind.key(), anchor) : top.get(at).getKeyNode(), merged);
      if (at < 0) {
        top.add(tuple);
      } else {
        top.set(at, tuple);
      }
    }
    return new MappingNode(Tag.MAP, true, top, anchor.getStartMark(), anchor.getEndMark(),
        DumperOptions.FlowStyle.BLOCK);
  }

  /** List sections are left as they are when they are not lists: the binder reports that at its position. */
  private static Node mergeList(Node section, Map<String, Node> byId, Node anchor) {
    if (section != null && !YamlNodes.isNull(section) && !(section instanceof SequenceNode)) {
      return section;
    }
    List<Node> items = section instanceof SequenceNode s ? new ArrayList<>(s.getValue()) : new ArrayList<>();
    Map<String, Node> pending = new LinkedHashMap<>(byId);
    for (int i = items.size() - 1; i >= 0; i--) {
      String id = items.get(i) instanceof MappingNode m && idNode(m) != null ? idNode(m).getValue() : null;
      if (id != null && pending.containsKey(id)) {
        Node replacement = pending.remove(id);
        if (replacement == null) {
          items.remove(i);
        } else {
          items.set(i, replacement);
        }
      }
    }
    pending.values().stream().filter(n -> n != null).forEach(items::add);
    Node at = section != null ? section : anchor;
    return new SequenceNode(Tag.SEQ, true, items, at.getStartMark(), at.getEndMark(), DumperOptions.FlowStyle.BLOCK);
  }

  private static Node mergeMap(Node section, Map<String, Node> byId, Node anchor) {
    if (section != null && !YamlNodes.isNull(section) && !(section instanceof MappingNode)) {
      return section;
    }
    List<NodeTuple> tuples = section instanceof MappingNode m ? new ArrayList<>(m.getValue()) : new ArrayList<>();
    Map<String, Node> pending = new LinkedHashMap<>(byId);
    for (int i = tuples.size() - 1; i >= 0; i--) {
      String name = tuples.get(i).getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      if (name != null && pending.containsKey(name)) {
        Node replacement = pending.remove(name);
        if (replacement == null) {
          tuples.remove(i);
        } else {
          tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), replacement));
        }
      }
    }
    pending.forEach((name, node) -> {
      if (node != null) {
        tuples.add(new NodeTuple(scalar(name, node), node));
      }
    });
    Node at = section != null ? section : anchor;
    return new MappingNode(Tag.MAP, true, tuples, at.getStartMark(), at.getEndMark(), DumperOptions.FlowStyle.BLOCK);
  }

  private Node firstEntry() {
    return entries.values().stream().flatMap(m -> m.values().stream()).filter(n -> n != null).findFirst()
        .orElseThrow();
  }

  private static int indexOf(List<NodeTuple> tuples, String key) {
    for (int i = 0; i < tuples.size(); i++) {
      if (tuples.get(i).getKeyNode() instanceof ScalarNode s && key.equals(s.getValue())) {
        return i;
      }
    }
    return -1;
  }

  private static ScalarNode idNode(MappingNode map) {
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && "id".equals(k.getValue())
          && t.getValueNode() instanceof ScalarNode v) {
        return v;
      }
    }
    return null;
  }

  /** The entry with its {@code id} key first, added when missing, so the merged list item is complete. */
  private static MappingNode withId(MappingNode map, String id) {
    if (idNode(map) != null) {
      return map;
    }
    List<NodeTuple> tuples = new ArrayList<>(map.getValue().size() + 1);
    tuples.add(new NodeTuple(scalar("id", map), scalar(id, map)));
    tuples.addAll(map.getValue());
    return new MappingNode(map.getTag(), true, tuples, map.getStartMark(), map.getEndMark(), map.getFlowStyle());
  }

  private static ScalarNode scalar(String value, Node at) {
    return new ScalarNode(Tag.STR, value, at.getStartMark(), at.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
  }

  private static Kind kindOf(String key) {
    for (Kind k : Kind.values()) {
      if (k.key().equals(key)) {
        return k;
      }
    }
    return null;
  }

  private static Node compose(String text, String source) throws ConfigException {
    if (text.length() > YamlNodes.MAX_DOCUMENT_CHARS) {
      throw new ConfigException(new ConfigError(source, 0, 0, "", "larger than 16MiB (expected: a config entry)"));
    }
    try {
      return YamlNodes.compose(text, source);
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = (e.getProblem() != null ? e.getProblem() : "invalid YAML").replace('\n', ' ').strip();
      throw new ConfigException(mark == null ? new ConfigError(source, 0, 0, "", problem)
          : new ConfigError(source, mark.getLine() + 1, mark.getColumn() + 1, "", problem));
    } catch (YAMLException e) {
      throw new ConfigException(new ConfigError(source, 0, 0, "", String.valueOf(e.getMessage())));
    }
  }

  private static ConfigError error(String source, Node at, String path, String message) {
    return at == null ? new ConfigError(source, 0, 0, path, message)
        : new ConfigError(source, YamlNodes.line(at), YamlNodes.column(at), path, message);
  }

  /** A node as plain Java values: mappings, lists, strings and nulls (every scalar is read as text). */
  static Object plain(Node node) {
    if (node instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(plain(t.getKeyNode()));
        out.put(key, plain(t.getValueNode()));
      }
      return out;
    } else if (node instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>(s.getValue().size());
      s.getValue().forEach(n -> out.add(plain(n)));
      return out;
    }
    return YamlNodes.isNull(node) ? null : ((ScalarNode) node).getValue();
  }

  /**
   * The config document as written, merged with this overlay, as plain values ({@code ${ENV}} unresolved), for the
   * admin API's view of the effective config.
   */
  public Object mergedDocument(String configText, String fileName) throws ConfigException {
    Node root = compose(configText, fileName);
    Node merged = mergeInto(root);
    return merged == null ? Collections.emptyMap() : plain(merged);
  }
}
