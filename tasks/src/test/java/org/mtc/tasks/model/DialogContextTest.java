package org.mtc.tasks.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.io.Utf8LineReader;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.data.TaskDataLoader;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.predict.Evaluator;
import org.mtc.tasks.predict.Predictor;
import org.mtc.tasks.train.TrainSettings;
import org.mtc.tasks.train.Trainer;
import org.mtc.tasks.train.TrainingListener;

/**
 * A task with a {@code context-column} next to one without: the data carries contexts, inference
 * makes one pass over the texts and one over the pairs, training and evaluation read the pairs,
 * tasks.conf keeps the setting. The toy {@code reply} task is decidable only from the context (the
 * text is always "yes" or "no").
 */
class DialogContextTest {
  private static final String[][] CUES = {
    {"pizza", "bread", "cheese"}, {"football", "tennis", "goal"}
  };
  @TempDir Path tmp;
  Config settings;

  @BeforeEach
  void setUp() throws IOException {
    Path data = ToyTasks.write(tmp.resolve("data"), 120, 30, 30, 3);
    Random r = new Random(7);
    for (String split : List.of("train", "dev", "test")) {
      List<String> lines = new ArrayList<>(List.of("text\tlabel\tbot_utterance"));
      for (int i = 0; i < 120; i++) {
        int k = i % 2;
        lines.add(
            (r.nextBoolean() ? "yes" : "no")
                + "\t"
                + (k == 0 ? "food" : "sport")
                + "\tdo you like "
                + CUES[k][r.nextInt(3)]
                + "?");
      }
      Files.createDirectories(data.resolve("reply"));
      Files.write(data.resolve("reply").resolve(split + ".tsv"), lines);
    }
    settings =
        Settings.load(
            List.of(),
            ConfigFactory.parseString(
                "mtc.backbone.engine = toy\n"
                    + "mtc.heads.dropout = 0.1\nmtc.train { epochs = 6, batch-size = 16, learning-rate = 0.5, "
                    + "head-learning-rate = 0.05, log-every = 100 }\n"
                    + "mtc.tasks {\n  sentiment { data = "
                    + q(data.resolve("sentiment"))
                    + " }\n"
                    + "  reply { data = "
                    + q(data.resolve("reply"))
                    + ", context-column = bot_utterance }\n}\n"));
  }

  private List<TaskData> load() {
    List<TaskData> out = new ArrayList<>();
    for (TaskSpec spec : TaskSet.from(settings).tasks()) {
      out.add(
          TaskDataLoader.load(
              spec, Path.of("/"), Optional.empty(), Set.of("train", "dev", "test"), 0, 1));
    }
    return out;
  }

  @Test
  void examplesCarryTheirContextAndTasksWithoutOneGetEmpty() {
    List<TaskData> data = load();
    assertThat(data.get(0).train()).allSatisfy(e -> assertThat(e.context()).isEmpty());
    assertThat(data.get(1).spec().contextColumn()).isEqualTo("bot_utterance");
    assertThat(data.get(1).train().get(0).context()).startsWith("do you like ");
  }

  @Test
  void aMissingContextColumnNamesTheFileAndTheColumn() throws IOException {
    Path dir = tmp.resolve("nocontext");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("train.tsv"), "text\tlabel\nyes\tfood\n");
    TaskSpec spec =
        new TaskSpec(
            "reply",
            TaskKind.SINGLE_LABEL,
            dir.toString(),
            "train",
            "dev",
            "test",
            "auto",
            "text",
            "bot_utterance",
            "label",
            "|",
            List.of(),
            "tasks.conf:3",
            List.of());
    assertThatThrownBy(
            () -> TaskDataLoader.load(spec, Path.of("/"), Optional.empty(), Set.of("train"), 0, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(dir.resolve("train.tsv").toString())
        .hasMessageContaining("no column 'bot_utterance'")
        .hasMessageContaining("context-column");
  }

  @Test
  void aJsonlFileWithoutTheContextFieldNamesTheLineAndTheField() throws IOException {
    Path dir = tmp.resolve("jsonl");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("train.jsonl"),
        "{\"text\": \"yes\", \"label\": \"food\", \"bot\": \"pizza?\"}\n"
            + "{\"text\": \"no\", \"label\": \"sport\"}\n");
    TaskSpec spec =
        new TaskSpec(
            "reply",
            TaskKind.SINGLE_LABEL,
            dir.toString(),
            "train",
            "dev",
            "test",
            "auto",
            "text",
            "bot",
            "label",
            "|",
            List.of(),
            "tasks.conf:3",
            List.of());
    assertThatThrownBy(
            () -> TaskDataLoader.load(spec, Path.of("/"), Optional.empty(), Set.of("train"), 0, 1))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(dir.resolve("train.jsonl") + ":2")
        .hasMessageContaining("no field 'bot'");
  }

  @Test
  void inferenceMakesOnePassOverTextsAndOneOverPairs() {
    ToyBackbone backbone = new ToyBackbone(8, 256, 5, true);
    try (MultitaskModel model = MultitaskModel.create(backbone, load(), settings)) {
      List<Input> inputs =
          List.of(
              Input.withContext("do you like pizza?", "yes"),
              Input.of("no"),
              Input.withContext("football?", "yes"));
      List<Input> texts = Input.ofTexts(List.of("yes", "no", "yes"));
      Map<String, float[][]> p = model.probabilities(inputs);
      assertThat(backbone.singlePasses.get()).isEqualTo(1);
      assertThat(backbone.pairPasses.get()).isEqualTo(1);
      assertThat(backbone.pairRows.get())
          .as("only the rows that have a context are encoded again")
          .isEqualTo(2);
      assertThat(p.get("sentiment")).isDeepEqualTo(model.probabilities("sentiment", texts));
      assertThat(p.get("reply")).isDeepEqualTo(model.probabilities("reply", inputs));
      assertThat(p.get("reply")[1])
          .as("an empty context reads the text alone")
          .containsExactly(model.probabilities("reply", texts)[1]);
      assertThat(p.get("reply")[0]).isNotEqualTo(model.probabilities("reply", texts)[0]);

      backbone.singlePasses.set(0);
      backbone.pairPasses.set(0);
      model.probabilities(Input.ofTexts(List.of("yes", "no")));
      assertThat(backbone.singlePasses.get())
          .as("no context: one pass serves every task")
          .isEqualTo(1);
      assertThat(backbone.pairPasses.get()).isZero();
    }
  }

  @Test
  void trainingReadsPairsAndLearnsFromTheContextAndTasksConfKeepsTheColumn() {
    List<TaskData> data = load();
    ToyBackbone backbone = new ToyBackbone(16, 1024, 5, true);
    Path out = tmp.resolve("run");
    try (MultitaskModel model = MultitaskModel.create(backbone, data, settings)) {
      new Trainer(TrainSettings.from(settings), new TrainingListener() {}).train(model, data, out);
      assertThat(backbone.pairPasses.get()).isPositive();
    }
    assertThat(out.resolve("model/tasks.conf"))
        .content()
        .contains("context-column = \"bot_utterance\"");
    try (MultitaskModel best = MultitaskModel.load(out, ToyBackbone.engines(), settings)) {
      assertThat(best.tasks().task("reply").contextColumn()).isEqualTo("bot_utterance");
      Map<String, TaskMetrics> test = new Evaluator(32).evaluate(best, data, "test");
      assertThat(test.get("reply").accuracy())
          .as("decidable only from the context")
          .isGreaterThan(0.8);
    }
  }

  @Test
  void predictorReadsJsonLinesWithContextAndPlainLines() throws IOException {
    try (MultitaskModel model =
        MultitaskModel.create(new ToyBackbone(8, 256, 5, true), load(), settings)) {
      Predictor predictor = new Predictor(model, 2);
      StringWriter out = new StringWriter();
      String input =
          "{\"text\": \"yes\", \"context\": \"do you like pizza?\"}\nplain text\n{\"text\": \"no\"}\n"
              + "{not json\n";
      long n =
          predictor.predictLines(
              new Utf8LineReader(
                  new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "stdin"),
              out);
      assertThat(n).isEqualTo(4);
      String[] lines = out.toString().split("\n");
      assertThat(lines[0])
          .startsWith("{\"text\":\"yes\",\"context\":\"do you like pizza?\",\"tasks\"");
      assertThat(lines[1]).startsWith("{\"text\":\"plain text\",\"tasks\"");
      assertThat(lines[2]).startsWith("{\"text\":\"no\",\"tasks\"");
      assertThat(lines[3]).startsWith("{\"text\":\"{not json\",\"tasks\"");
      assertThatThrownBy(() -> Predictor.parseLine("{\"context\": \"hi\"}", "line 3"))
          .isInstanceOf(MtcException.class)
          .hasMessageContaining("line 3")
          .hasMessageContaining("\"text\"");
    }
  }

  private static String q(Path p) {
    return ConfigUtil.quoteString(p.toString());
  }
}
