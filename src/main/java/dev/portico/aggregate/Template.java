package dev.portico.aggregate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A string with {@code {reference}} placeholders, parsed once per config. In a path, values are
 * percent-encoded (before a literal {@code ?} as path segments, after it as query components); a list
 * value becomes its elements joined with commas, each encoded on its own.
 */
public final class Template {
  private final String text;
  private final List<Object> parts; // String literals and Placeholders
  private final List<Reference> references;

  private record Placeholder(Reference reference, boolean inQuery) {}

  private Template(String text, List<Object> parts, List<Reference> references) {
    this.text = text;
    this.parts = parts;
    this.references = references;
  }

  /** @throws IllegalArgumentException with a message fit for a config error */
  public static Template parse(String text) {
    List<Object> parts = new ArrayList<>();
    List<Reference> references = new ArrayList<>();
    boolean inQuery = false;
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('{', i);
      int close = text.indexOf('}', i);
      if (close >= 0 && (open < 0 || close < open)) {
        throw new IllegalArgumentException("unmatched \"}\" at offset " + close);
      }
      if (open < 0) {
        parts.add(text.substring(i));
        inQuery |= text.indexOf('?', i) >= 0;
        break;
      }
      if (open > i) {
        String literal = text.substring(i, open);
        parts.add(literal);
        inQuery |= literal.indexOf('?') >= 0;
      }
      if (close < 0) {
        throw new IllegalArgumentException("unclosed \"{\" at offset " + open);
      }
      Reference reference = Reference.parse(text.substring(open + 1, close));
      parts.add(new Placeholder(reference, inQuery));
      references.add(reference);
      i = close + 1;
    }
    return new Template(text, List.copyOf(parts), List.copyOf(references));
  }

  public List<Reference> references() {
    return references;
  }

  /** The calls whose results this template needs. */
  public Set<String> dependencies() {
    Set<String> out = new LinkedHashSet<>();
    for (Reference r : references) {
      if (r.kind() == Reference.Kind.PART) {
        out.add(r.name());
      }
    }
    return out;
  }

  public boolean isConstant() {
    return references.isEmpty();
  }

  /**
   * @param encode true for URIs (percent-encoding values), false for header values
   * @throws MissingValueException when a referenced value is absent
   */
  public String render(Values values, boolean encode) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (Object part : parts) {
      if (part instanceof String literal) {
        out.append(literal);
        continue;
      }
      Reference reference = ((Placeholder) part).reference();
      Object value = values.resolve(reference);
      if (value == null) {
        throw new MissingValueException(reference.text());
      }
      appendValue(out, value, encode);
    }
    if (!encode) {
      for (int i = 0; i < out.length(); i++) {
        char c = out.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) {
          throw new MissingValueException("a header value without line breaks");
        }
      }
    }
    return out.toString();
  }

  private static void appendValue(StringBuilder out, Object value, boolean encode) {
    if (value instanceof Iterable<?> list) {
      boolean first = true;
      for (Object element : list) {
        if (element == null || element instanceof Iterable<?> || element instanceof java.util.Map<?, ?>) {
          continue;
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        String s = String.valueOf(element);
        out.append(encode ? PercentEncoding.encode(s) : s);
      }
      return;
    }
    String s = String.valueOf(value);
    out.append(encode ? PercentEncoding.encode(s) : s);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Where a template's references get their values for one request. */
  public interface Values {
    /** The value: a String, Number, Boolean, or a List of them; {@code null} when absent. */
    Object resolve(Reference reference);
  }

  /** A referenced value is absent, so the call cannot be made. */
  public static final class MissingValueException extends RuntimeException {
    public MissingValueException(String what) {
      super(what, null, false, false);
    }
  }
}
