package dev.portico.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Did-you-mean suggestions for unknown keys and names. */
final class EditDistance {

  /** Two edits catches a typo or a swapped pair without suggesting unrelated words. */
  static final int MAX_SUGGESTION_DISTANCE = 2;

  private EditDistance() {}

  /** The candidate nearest to {@code word} (ignoring case) within two edits; the first one listed wins ties. */
  static Optional<String> closest(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
    for (String candidate : candidates) {
      // Length difference is a lower bound on the distance: skip the matrix for hopeless candidates.
      if (Math.abs(candidate.length() - w.length()) >= bestDistance) {
        continue;
      }
      int d = levenshtein(w, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** {@code (did you mean "upstream"?)} or {@code (expected one of: a, b, c)}. */
  static String suggestion(String word, Collection<String> candidates) {
    return closest(word, candidates)
        .map(s -> "(did you mean \"" + s + "\"?)")
        .orElseGet(() -> "(expected one of: " + String.join(", ", candidates) + ")");
  }
}
