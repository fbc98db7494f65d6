package org.mtc.core.settings;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the "did you mean ..." tail of error messages from edit distance. Stateless and
 * thread-safe.
 */
public final class DidYouMean {
  private DidYouMean() {}

  /**
   * {@code "; did you mean 'x'?"} for the known values closest to {@code value} (up to three), or
   * an empty string when none is close.
   */
  public static String suggest(String value, Collection<String> known) {
    int limit = Math.max(2, value.length() / 3);
    int best =
        known.stream()
            .mapToInt(k -> distance(value.toLowerCase(), k.toLowerCase()))
            .min()
            .orElse(limit + 1);
    List<String> close =
        known.stream()
            .filter(k -> distance(value.toLowerCase(), k.toLowerCase()) <= Math.min(limit, best))
            .sorted()
            .limit(3)
            .collect(Collectors.toList());
    if (close.isEmpty()) {
      return "";
    }
    return "; did you mean "
        + close.stream().map(s -> "'" + s + "'").collect(Collectors.joining(" or "))
        + "?";
  }

  /** Levenshtein distance. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
