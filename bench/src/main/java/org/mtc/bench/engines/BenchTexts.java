package org.mtc.bench.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mtc.core.MtcException;

/**
 * The benchmark's texts: the {@code text} column of a TSV file (header first), or one text per
 * line.
 */
public final class BenchTexts {
  private BenchTexts() {}

  public static List<String> read(Path file, int limit) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new MtcException(
          "could not read the benchmark texts "
              + file
              + ": "
              + e.getMessage()
              + " (pass --texts FILE, a TSV with a text column or one text per line)",
          e);
    }
    int column = -1;
    int first = 0;
    if (!lines.isEmpty() && lines.get(0).contains("\t")) {
      column = Arrays.asList(lines.get(0).split("\t", -1)).indexOf("text");
      if (column < 0) {
        throw new MtcException(file + ": the header " + lines.get(0) + " has no 'text' column");
      }
      first = 1;
    }
    List<String> out = new ArrayList<>();
    for (int i = first; i < lines.size() && out.size() < limit; i++) {
      String[] cells = lines.get(i).split("\t", -1);
      out.add(column < 0 ? lines.get(i) : cells[Math.min(column, cells.length - 1)]);
    }
    if (out.isEmpty()) {
      throw new MtcException(file + " has no texts");
    }
    return out;
  }

  /**
   * Texts long enough to fill {@code tokens} tokens: consecutive texts joined until the characters
   * suffice.
   */
  static List<String> longTexts(List<String> texts, int count, int tokens) {
    List<String> out = new ArrayList<>();
    int next = 0;
    while (out.size() < count) {
      StringBuilder b = new StringBuilder();
      while (b.length() < tokens * 8) {
        b.append(texts.get(next++ % texts.size())).append(' ');
      }
      out.add(b.toString());
    }
    return out;
  }
}
