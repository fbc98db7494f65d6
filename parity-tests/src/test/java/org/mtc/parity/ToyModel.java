package org.mtc.parity;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mtc.core.LabelSpace;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskData;

/**
 * Three toy tasks (single-label, with and without pooler, and multi-label) with a few cue-word
 * examples.
 */
final class ToyModel {
  private static final String[] WORDS =
      "the pizza was good football software sad robot love tennis bad cheese".split(" ");

  private ToyModel() {}

  /**
   * Settings for {@code engine}: labels declared, heads initialised wide enough for distinct
   * predictions.
   */
  static Config settings(String engine, String extra) {
    return Settings.load(
        List.of(),
        ConfigFactory.parseString(
            "mtc.backbone { engine = "
                + engine
                + ", pooling = mean, max-length = 16, trainable-layers = frozen }\n"
                + "mtc.heads { init-std = 0.5, pooler = true }\n"
                + "mtc.train { batch-size = 4, max-steps = 6, head-learning-rate = 0.05 }\n"
                + "mtc.tasks {\n"
                + "  sentiment { data = toy, labels = [neg, pos] }\n"
                + "  topic { data = toy, labels = [food, sport, tech] }\n"
                + "  tags { data = toy, kind = multi-label, labels = [food, sport] }\n"
                + "}\n"
                + extra));
  }

  static List<TaskData> data(Config settings) {
    Random r = new Random(3);
    List<TaskData> out = new ArrayList<>();
    for (TaskSpec s : TaskSet.from(settings).tasks()) {
      List<Example> train = new ArrayList<>();
      List<Example> dev = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String text = WORDS[r.nextInt(WORDS.length)] + " " + WORDS[r.nextInt(WORDS.length)];
        int label = i % s.labels().size();
        (i < 12 ? train : dev).add(new Example(text, new int[] {label}, "toy:" + i));
      }
      out.add(new TaskData(s, new LabelSpace(s.name(), s.labels()), train, dev, List.of()));
    }
    return out;
  }
}
