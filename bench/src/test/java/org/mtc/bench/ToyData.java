package org.mtc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two toy tasks a tiny random model can learn: sentiment (2 labels) and topic (3), with train, dev
 * and test.
 */
public final class ToyData {
  private ToyData() {}

  /** Writes {@code data/sentiment/*.tsv} and {@code data/topic/*.tsv}. */
  public static void write(Path data) throws IOException {
    Random r = new Random(3);
    String[][] sentiment = {{"not", "had"}, {"all", "can"}};
    String[][] topic = {{"water", "long"}, {"word", "said"}, {"people", "time"}};
    String filler = "the and of to in is it that was for on are with as";
    String[] words = filler.split(" ");
    for (String split : List.of("train", "dev", "test")) {
      int n = split.equals("train") ? 60 : 30;
      List<String> s = new ArrayList<>(List.of("text\tlabel"));
      List<String> t = new ArrayList<>(List.of("text\tlabel"));
      for (int i = 0; i < n; i++) {
        s.add(
            words[r.nextInt(words.length)]
                + " "
                + sentiment[i % 2][r.nextInt(2)]
                + " "
                + words[r.nextInt(words.length)]
                + "\t"
                + (i % 2 == 0 ? "neg" : "pos"));
        t.add(
            words[r.nextInt(words.length)]
                + " "
                + topic[i % 3][r.nextInt(2)]
                + "\t"
                + new String[] {"food", "sport", "tech"}[i % 3]);
      }
      Files.createDirectories(data.resolve("sentiment"));
      Files.createDirectories(data.resolve("topic"));
      Files.write(data.resolve("sentiment").resolve(split + ".tsv"), s);
      Files.write(data.resolve("topic").resolve(split + ".tsv"), t);
    }
  }
}
