package org.warmupbot.core.pack;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The key a mistyped one most likely meant, for "did you mean" advice in packs and settings: the nearest by edit
 * distance (case ignored), when it is near enough to be a slip rather than another word.
 */
public final class ClosestKey {
  private ClosestKey() {}

  /** The nearest of {@code known} to {@code typed}; empty when none is within a third of its length (at least 2). */
  public static Optional<String> to(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, typed.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance, in two rows. */
  private static int distance(String a, String b) {
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
}
