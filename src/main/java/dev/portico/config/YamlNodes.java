package dev.portico.config;

import java.io.StringReader;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns YAML text into SnakeYAML nodes, never into objects: composing stops before any constructor runs, so no tag
 * can instantiate a class, and every node keeps its start mark for error positions.
 */
final class YamlNodes {

  /** Far above any real gateway config (10,000 routes is about 1 MiB) but bounds memory on a hostile file. */
  static final int MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;

  /**
   * Aliases share one node, so expansion costs nothing at compose time; the limit matters for walkers. Ours only
   * follow the config schema, but a small cap keeps "billion laughs" documents from growing anyone's work.
   */
  private static final int MAX_ALIASES_FOR_COLLECTIONS = 50;

  private static final int MAX_NESTING_DEPTH = 64;

  /** The name SnakeYAML gives marks of a document read from a {@code Reader}. */
  private static final String UNNAMED = "'reader'";

  /** Core-schema tags only: anything else (!foo, !!binary, !!set) has no meaning in a gateway config. */
  private static final Set<Tag> ALLOWED_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ, Tag.MERGE);

  private YamlNodes() {}

  /** Returns the single document's root, or {@code null} for an empty document. */
  static Node compose(String text) throws YAMLException {
    return compose(new StreamReader(new StringReader(text)));
  }

  /**
   * As {@link #compose(String)}, every node remembering {@code source} as the file it came from, so a document
   * merged from several sources (the config file and the admin's state file) reports each error in its own file.
   */
  static Node compose(String text, String source) throws YAMLException {
    return compose(new NamedStreamReader(text, source));
  }

  private static Node compose(StreamReader stream) throws YAMLException {
    LoaderOptions options = new LoaderOptions();
    // Composing does not look at duplicates; the binder reports them itself, with both positions.
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    options.setCodePointLimit(MAX_DOCUMENT_CHARS);
    options.setTagInspector(tag -> false);
    options.setProcessComments(false);
    Composer composer = new Composer(
        new ParserImpl(stream, options), new TextResolver(), options);
    return composer.getSingleNode();
  }

  /**
   * Resolves every plain scalar to a string except the YAML nulls. The binder reads all values as text and parses
   * them by schema (so {@code port: "8080"} and {@code port: ${PORT}} behave alike), which makes SnakeYAML's regex
   * pass per scalar wasted work: on a 10,000-route file it was the largest cost of composing.
   */
  private static final class TextResolver extends Resolver {
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      if (kind == NodeId.scalar && implicit) {
        return switch (value) {
          case "", "~", "null", "Null", "NULL" -> Tag.NULL;
          case "<<" -> Tag.MERGE;
          default -> Tag.STR;
        };
      }
      return super.resolve(kind, value, implicit);
    }
  }

  /** Stamps its source's name on every mark, instead of SnakeYAML's generic "'reader'". */
  private static final class NamedStreamReader extends StreamReader {
    private final String source;

    NamedStreamReader(String text, String source) {
      super(new StringReader(text));
      this.source = source;
    }

    @Override
    public Mark getMark() {
      Mark m = super.getMark();
      return new Mark(source, m.getIndex(), m.getLine(), m.getColumn(), m.getBuffer(), m.getPointer());
    }
  }

  /** The file {@code node} was read from when composed with a source name, else {@code fallback}. */
  static String source(Node node, String fallback) {
    Mark mark = node.getStartMark();
    String name = mark == null ? null : mark.getName();
    return name == null || name.equals(UNNAMED) ? fallback : name;
  }

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  static int column(Node node) {
    return node.getStartMark().getColumn() + 1;
  }

  /** An empty value ({@code key:}), {@code ~} or {@code null}, not the quoted string "null". */
  static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
  }

  static boolean hasAllowedTag(Node node) {
    return ALLOWED_TAGS.contains(node.getTag());
  }

  /** How a node reads in an error: the quoted text of a scalar, or its kind. */
  static String describe(Node node) {
    if (node instanceof ScalarNode s) {
      return Quote.of(s.getValue());
    } else if (node instanceof SequenceNode) {
      return "a list";
    } else if (node instanceof MappingNode) {
      return "a mapping";
    }
    return "a value";
  }
}
