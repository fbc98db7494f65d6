package org.mtc.tasks.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;

/**
 * A toy task set written as TSV files: {@code sentiment} (neg/pos by a cue word), {@code topic}
 * (food, sport, tech by a cue word) and, optionally, the multi-label {@code tags} (food and/or
 * sport cue words present). Each text also has filler words; label sets are balanced, so the
 * majority baseline is about 1/classes.
 */
public final class ToyTasks {
  private static final String[] FILLER =
      ("the a of and to in is it that was for on with as at by this we you "
              + "they one two some many very more most other such")
          .split(" ");
  private static final String[][] SENTIMENT = {
    {"bad", "awful", "sad", "hate"}, {"good", "great", "happy", "love"}
  };
  private static final String[][] TOPIC = {
    {"pizza", "bread", "cheese"}, {"football", "tennis", "goal"}, {"laptop", "software", "robot"}
  };

  private ToyTasks() {}

  /**
   * Settings for the toy engine (and {@code extra} HOCON over them), tasks declared under {@code
   * dataDir}.
   */
  public static Config settings(Path dataDir, boolean multiLabel, String extra) {
    String tasks =
        "mtc.tasks {\n  sentiment { data = "
            + q(dataDir.resolve("sentiment"))
            + " }\n"
            + "  topic { data = "
            + q(dataDir.resolve("topic"))
            + " }\n"
            + (multiLabel
                ? "  tags { data = " + q(dataDir.resolve("tags")) + ", kind = multi-label }\n"
                : "")
            + "}\n";
    return Settings.load(
        List.of(), ConfigFactory.parseString("mtc.backbone.engine = toy\n" + tasks + extra));
  }

  /** Writes train (per task {@code train}), dev and test files; returns the data directory. */
  public static Path write(Path dataDir, int train, int dev, int test, long seed) {
    Random r = new Random(seed);
    for (String split : new String[] {"train", "dev", "test"}) {
      int n = split.equals("train") ? train : split.equals("dev") ? dev : test;
      List<String> s = new ArrayList<>(List.of("text\tlabel"));
      List<String> t = new ArrayList<>(List.of("text\tlabel"));
      List<String> g = new ArrayList<>(List.of("text\tlabels"));
      for (int i = 0; i < n; i++) {
        int c = i % 2;
        s.add(text(r, SENTIMENT[c][r.nextInt(4)]) + "\t" + (c == 0 ? "neg" : "pos"));
        int k = i % 3;
        t.add(text(r, TOPIC[k][r.nextInt(3)]) + "\t" + new String[] {"food", "sport", "tech"}[k]);
        boolean food = r.nextBoolean();
        boolean sport = r.nextBoolean();
        String cues =
            (food ? TOPIC[0][r.nextInt(3)] + " " : "") + (sport ? TOPIC[1][r.nextInt(3)] : "");
        g.add(
            text(r, cues)
                + "\t"
                + (food && sport ? "food|sport" : food ? "food" : sport ? "sport" : ""));
      }
      writeLines(dataDir.resolve("sentiment").resolve(split + ".tsv"), s);
      writeLines(dataDir.resolve("topic").resolve(split + ".tsv"), t);
      writeLines(dataDir.resolve("tags").resolve(split + ".tsv"), g);
    }
    return dataDir;
  }

  /** Loads every task of the settings' task set (all splits). */
  public static List<TaskData> load(Config settings) {
    List<TaskData> out = new ArrayList<>();
    for (TaskSpec spec : TaskSet.from(settings).tasks()) {
      out.add(
          TaskDataLoader.load(
              spec, Path.of("/"), Optional.empty(), Set.of("train", "dev", "test"), 0, 1));
    }
    return out;
  }

  private static String text(Random r, String cue) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      words.add(FILLER[r.nextInt(FILLER.length)]);
    }
    words.add(r.nextInt(words.size() + 1), cue);
    return String.join(" ", words).trim().replaceAll(" +", " ");
  }

  private static void writeLines(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String q(Path p) {
    return ConfigUtil.quoteString(p.toString());
  }

  /** A copy of a head's state with the classifier weight multiplied by {@code factor}. */
  public static Map<String, FloatTensor> scaled(Map<String, FloatTensor> state, float factor) {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    state.forEach(
        (name, t) -> {
          float[] d = t.data().clone();
          if (name.equals("classifier.weight")) {
            for (int i = 0; i < d.length; i++) {
              d[i] *= factor;
            }
          }
          out.put(name, new FloatTensor(t.shape(), d));
        });
    return out;
  }
}
