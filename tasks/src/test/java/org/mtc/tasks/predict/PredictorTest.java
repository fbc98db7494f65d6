package org.mtc.tasks.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.io.Utf8LineReader;
import org.mtc.tasks.data.TaskData;
import org.mtc.tasks.eval.TaskMetrics;
import org.mtc.tasks.model.MultitaskModel;
import org.mtc.tasks.model.ToyBackbone;
import org.mtc.tasks.model.ToyTasks;

class PredictorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void predictionsHaveTheDocumentedShapeInTaskAndLabelOrder() throws Exception {
    Config settings = ToyTasks.settings(ToyTasks.write(tmp, 30, 5, 5, 1), true, "");
    List<TaskData> data = ToyTasks.load(settings);
    try (MultitaskModel model =
        MultitaskModel.create(new ToyBackbone(8, 64, 2, false), data, settings)) {
      model.head("tags").setThresholds(new float[] {0f, 1f}); // food always, sport never
      Predictor predictor = new Predictor(model, 2);
      StringWriter out = new StringWriter();
      long n =
          predictor.predictLines(
              new Utf8LineReader(
                  new ByteArrayInputStream(
                      "good pizza\n\nsad football\n".getBytes(StandardCharsets.UTF_8)),
                  "test"),
              out);
      assertThat(n).isEqualTo(3);
      String[] lines = out.toString().split("\n");
      assertThat(lines).hasSize(3);
      JsonNode first = JSON.readTree(lines[0]);
      assertThat(first.get("text").asText()).isEqualTo("good pizza");
      assertThat(JSON.readTree(lines[1]).get("text").asText()).isEmpty();
      JsonNode tasks = first.get("tasks");
      assertThat(tasks.fieldNames()).toIterable().containsExactly("sentiment", "topic", "tags");
      JsonNode sentiment = tasks.get("sentiment");
      assertThat(sentiment.fieldNames()).toIterable().containsExactly("label", "probs");
      assertThat(sentiment.get("probs").fieldNames()).toIterable().containsExactly("neg", "pos");
      assertThat(sentiment.get("label").asText()).isIn("neg", "pos");
      double sum =
          sentiment.get("probs").get("neg").asDouble()
              + sentiment.get("probs").get("pos").asDouble();
      assertThat(sum).isCloseTo(1.0, Assertions.within(1e-5));
      assertThat(tasks.get("topic").get("probs").fieldNames())
          .toIterable()
          .containsExactly("food", "sport", "tech");
      JsonNode tags = tasks.get("tags");
      assertThat(tags.fieldNames()).toIterable().containsExactly("labels", "probs");
      assertThat(tags.get("labels")).extracting(JsonNode::asText).containsExactly("food");

      List<Map<String, Object>> rows = predictor.predict(Input.ofTexts(List.of("a", "b", "c")));
      assertThat(rows).hasSize(3);
      assertThat(rows.get(2)).containsKeys("text", "tasks");
    }
  }

  @Test
  void evaluationJsonHasTasksAndMeanAccuracy() throws Exception {
    Config settings = ToyTasks.settings(ToyTasks.write(tmp, 30, 10, 10, 1), true, "");
    List<TaskData> data = ToyTasks.load(settings);
    try (MultitaskModel model =
        MultitaskModel.create(new ToyBackbone(8, 64, 2, false), data, settings)) {
      Map<String, TaskMetrics> metrics = new Evaluator(4).evaluate(model, data, "test");
      assertThat(metrics.keySet()).containsExactly("sentiment", "topic", "tags");
      assertThat(metrics.get("topic").n()).isEqualTo(10);
      JsonNode json = Evaluator.toJson(metrics);
      assertThat(json.get("tasks").get("tags").has("micro_f1")).isTrue();
      assertThat(json.get("tasks").get("topic").has("micro_f1")).isFalse();
      assertThat(json.get("tasks").get("topic").get("n").asInt()).isEqualTo(10);
      assertThat(json.get("mean_accuracy").asDouble())
          .isEqualTo(
              metrics.values().stream().mapToDouble(TaskMetrics::accuracy).average().orElseThrow());
    }
  }

  @Test
  void aLineIsAnsweredAsSoonAsInputPausesNotAfterAFullBatch() throws Exception {
    Config settings = ToyTasks.settings(ToyTasks.write(tmp, 30, 5, 5, 1), true, "");
    List<TaskData> data = ToyTasks.load(settings);
    try (MultitaskModel model =
            MultitaskModel.create(new ToyBackbone(8, 64, 2, false), data, settings);
        PipedOutputStream user = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(user)) {
      BlockingQueue<String> answers = new LinkedBlockingQueue<>();
      Writer out =
          new Writer() {
            private final StringBuilder pending = new StringBuilder();

            @Override
            public void write(char[] c, int off, int len) {
              pending.append(c, off, len);
            }

            @Override
            public void flush() {
              int end = pending.lastIndexOf("\n");
              if (end >= 0) {
                pending.substring(0, end).lines().forEach(answers::add);
                pending.delete(0, end + 1);
              }
            }

            @Override
            public void close() {}
          };
      Thread reader =
          new Thread(
              () ->
                  new Predictor(model, 64)
                      .predictLines(new Utf8LineReader(stdin, "standard input"), out));
      reader.start();
      user.write("good pizza\n".getBytes(StandardCharsets.UTF_8));
      user.flush();
      String first = answers.poll(20, TimeUnit.SECONDS);
      assertThat(first)
          .as("answered while the input stays open")
          .isNotNull()
          .contains("good pizza");
      user.write("sad football\n".getBytes(StandardCharsets.UTF_8));
      user.flush();
      assertThat(answers.poll(20, TimeUnit.SECONDS)).contains("sad football");
      user.close();
      reader.join(20_000);
      assertThat(reader.isAlive()).isFalse();
    }
  }
}
