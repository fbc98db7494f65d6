package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.cli.CommandLineTest.Result;
import org.mtc.core.Input;
import org.mtc.core.TaskKind;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;
import org.mtc.core.testing.TinyModelDirectory;
import org.mtc.heads.Heads;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import org.mtc.tasks.model.FileDigest;
import org.mtc.tasks.predict.Classifier;
import org.mtc.tasks.predict.Prediction;

/**
 * {@code mtc calibrate} end to end on a tiny model: {@code mood} (single-label, one class in eight
 * is {@code rare}), {@code tags} (multi-label) and {@code topic} (single-label, no dev split). The
 * source is made to favour the big class as issue 22's multitask model does (the rare class's bias
 * lowered until it is never predicted); calibrate raises dev macro-F1, changes only the {@code
 * mood} bias, leaves {@code tags} bitwise as it was, answers alike on djl and in its export, and
 * refuses bad input with exit 2, writing nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CalibrateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  Path data;
  Path biased;
  Path calibrated;
  Result calibration;
  List<Input> devTexts = new ArrayList<>();

  @BeforeAll
  void trainBiasAndCalibrate() throws Exception {
    Path backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 17);
    data = dir.resolve("data");
    for (int i = 0; i < 48; i++) {
      devTexts.add(Input.of(text(i)));
    }
    write("mood", "text\tlabel", List.of("train", "dev", "test"), i -> i % 8 == 0 ? "rare" : "big");
    write("tags", "text\tlabels", List.of("train", "dev", "test"), i -> i % 3 == 0 ? "x|y" : "y");
    write("topic", "text\tlabel", List.of("train", "test"), i -> i % 2 == 0 ? "a" : "b");
    Path tasks =
        Files.writeString(
            dir.resolve("tasks.conf"),
            "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags, kind = multi-label }\n"
                + "  topic { data = topic }\n}\n");
    Path run = dir.resolve("run");
    Result trained =
        CommandLineTest.mtc(
            "",
            "train",
            "--tasks",
            tasks.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            run.toString(),
            "--epochs",
            "30",
            "--batch-size",
            "8",
            "--head-learning-rate",
            "0.05",
            "--seed",
            "5",
            "--set",
            "mtc.train.early-stop-patience=100",
            "--set",
            "mtc.backbone.pooling=mean");
    assertThat(trained.code()).as(trained.err()).isZero();
    biased = dir.resolve("biased");
    copyTree(run.resolve("model"), biased);
    lowerTheRareBias(biased);
    calibrated = dir.resolve("calibrated");
    calibration = calibrate(biased, calibrated);
    assertThat(calibration.code()).as(calibration.err()).isZero();
  }

  /**
   * Lowers the rare class's bias of {@code model}'s mood head, in place, until no dev text is
   * answered rare (by 0.3 more than the largest {@code log p(rare) - log p(big)}).
   */
  private void lowerTheRareBias(Path model) {
    double margin = Double.NEGATIVE_INFINITY;
    List<String> labels;
    try (Classifier m = Mtc.open(model)) {
      labels = m.labels().get("mood");
      for (var p : m.predict("mood", devTexts)) {
        margin = Math.max(margin, Math.log(p.probability("rare")) - Math.log(p.probability("big")));
      }
    }
    double[] down = new double[labels.size()];
    down[labels.indexOf("rare")] = -Math.max(0, margin + 0.3);
    Path heads = model.resolve("heads.safetensors");
    Heads.offsetBiases(
        heads,
        heads,
        Map.of(
            "mood", TaskKind.SINGLE_LABEL,
            "tags", TaskKind.MULTI_LABEL,
            "topic", TaskKind.SINGLE_LABEL),
        Map.of("mood", down));
  }

  private static String text(int i) {
    return i % 8 == 0 ? "awful terrible horrible dreadful miserable day number " + i : "fine " + i;
  }

  private void write(
      String task, String header, List<String> splits, java.util.function.IntFunction<String> l)
      throws IOException {
    Files.createDirectories(data.resolve(task));
    for (String split : splits) {
      List<String> rows = new ArrayList<>(List.of(header));
      for (int i = 0; i < 48; i++) {
        rows.add(text(i) + "\t" + l.apply(i));
      }
      Files.write(data.resolve(task).resolve(split + ".tsv"), rows);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private Result calibrate(Path model, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "calibrate",
                "--model",
                model.toString(),
                "--out",
                out.toString(),
                "--data-dir",
                data.toString()));
    args.addAll(List.of(more));
    return CommandLineTest.mtc("", args.toArray(String[]::new));
  }

  private double devMacroF1(Path model) throws IOException {
    Result eval =
        CommandLineTest.mtc(
            "",
            "eval",
            "--model",
            model.toString(),
            "--data-dir",
            data.toString(),
            "--split",
            "dev",
            "--only",
            "mood",
            "--json");
    assertThat(eval.code()).as(eval.err()).isZero();
    return JSON.readTree(eval.out()).path("tasks").path("mood").path("macro_f1").asDouble();
  }

  private long rarePredicted(Path model, String engine) {
    try (Classifier m = Mtc.open(model, MtcOptions.defaults().engine(engine))) {
      return m.predict("mood", devTexts).stream().filter(p -> p.label().equals("rare")).count();
    }
  }

  @Test
  void calibrationRaisesDevMacroF1WhereTheRareClassWasNeverPredicted() throws Exception {
    assertThat(rarePredicted(biased, "djl")).as("the fixture never predicts rare").isZero();
    assertThat(rarePredicted(calibrated, "djl")).isPositive();
    assertThat(devMacroF1(calibrated)).isGreaterThan(devMacroF1(biased));
    assertThat(calibration.err())
        .contains("mood: dev macro-f1")
        .contains("skipped task 'topic': no dev split")
        .contains("unchanged, bit for bit: tags (multi-label")
        .contains("wrote " + calibrated);
    JsonNode provenance = JSON.readTree(calibrated.resolve("provenance.json").toFile());
    assertThat(provenance.path("operation").asText()).isEqualTo("calibrate");
    assertThat(provenance.path("metric").asText()).isEqualTo("macro-f1");
    JsonNode mood = provenance.path("calibrated").path("mood");
    assertThat(mood.path("dev_after").asDouble()).isGreaterThan(mood.path("dev_before").asDouble());
    JsonNode offsets = mood.path("offsets");
    assertThat(offsets.path("rare").asDouble() - offsets.path("big").asDouble())
        .as("the rare class gains on the big one")
        .isPositive();
    assertThat(provenance.path("skipped_without_dev").toString()).isEqualTo("[\"topic\"]");
    JsonNode dev = provenance.path("inputs").path("data").path(0);
    Path devFile = data.resolve("mood").resolve("dev.tsv");
    assertThat(dev.path("sha256").asText()).isEqualTo(FileDigest.of(devFile));
    assertThat(provenance.path("sources").path(0).path("sha256").asText())
        .isEqualTo(FileDigest.of(biased));
    JsonNode metrics = JSON.readTree(calibrated.resolve("metrics.json").toFile());
    assertThat(metrics.path("tasks").path("mood").path("macro_f1").asDouble())
        .isEqualTo(mood.path("dev_after").asDouble());
    assertThat(metrics.has("mean_accuracy")).isFalse();
    assertThat(Files.mismatch(biased.resolve("tasks.conf"), calibrated.resolve("tasks.conf")))
        .isEqualTo(-1L);
  }

  @Test
  void onlyTheSingleLabelBiasChangesAndMultiLabelAnswersAreBitwiseEqual() {
    Map<String, FloatTensor> before = Safetensors.read(biased.resolve("heads.safetensors"));
    Map<String, FloatTensor> after = Safetensors.read(calibrated.resolve("heads.safetensors"));
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    for (String name : before.keySet()) {
      if (name.equals("mood.classifier.bias")) {
        assertThat(after.get(name).data()).as(name).isNotEqualTo(before.get(name).data());
        continue;
      }
      float[] a = before.get(name).data();
      float[] b = after.get(name).data();
      assertThat(b.length).isEqualTo(a.length);
      for (int i = 0; i < a.length; i++) {
        assertThat(Float.floatToRawIntBits(b[i]))
            .as("%s[%d]", name, i)
            .isEqualTo(Float.floatToRawIntBits(a[i]));
      }
    }
    try (Classifier source = Mtc.open(biased);
        Classifier after2 = Mtc.open(calibrated)) {
      List<Prediction> s = source.predict(devTexts);
      List<Prediction> c = after2.predict(devTexts);
      for (int i = 0; i < devTexts.size(); i++) {
        for (String task : List.of("tags", "topic")) {
          Map<String, Float> p = s.get(i).task(task).probabilities();
          Map<String, Float> q = c.get(i).task(task).probabilities();
          for (String label : p.keySet()) {
            assertThat(Float.floatToRawIntBits(q.get(label)))
                .as("text %d, %s/%s", i, task, label)
                .isEqualTo(Float.floatToRawIntBits(p.get(label)));
          }
        }
      }
    }
  }

  @Test
  void djlAndTheOnnxExportOfTheCalibratedModelGiveTheSameLabels() {
    Path graph = dir.resolve("calibrated.onnx");
    Result r =
        CommandLineTest.mtc(
            "", "export", "onnx", "--model", calibrated.toString(), "--out", graph.toString());
    assertThat(r.code()).as(r.err()).isZero();
    try (Classifier djl = Mtc.open(calibrated, MtcOptions.defaults().engine("djl"));
        Classifier onnx = Mtc.open(graph)) {
      List<Prediction> a = djl.predict(devTexts);
      List<Prediction> b = onnx.predict(devTexts);
      for (int i = 0; i < devTexts.size(); i++) {
        for (String task : djl.labels().keySet()) {
          assertThat(b.get(i).task(task).labels())
              .as("text %d, %s", i, task)
              .isEqualTo(a.get(i).task(task).labels());
        }
      }
    }
  }

  @Test
  void badInputIsRefusedWithExit2AndWritesNothing() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Path out = bad.resolve("out");
    Path graph = Files.writeString(bad.resolve("m.onnx"), "not really a graph");
    String digest = FileDigest.of(biased);
    refused(calibrate(biased, out, "--only", "mod"), "has no task 'mod'", "did you mean 'mood'");
    refused(calibrate(biased, out, "--only", "tags"), "'tags' is multi-label", "leave it out");
    refused(calibrate(biased, out, "--metric", "f2"), "--metric f2", "macro-f1 or accuracy");
    refused(calibrate(graph, out), "exported .onnx graph", "mtc calibrate --model DIR");
    refused(calibrate(biased, calibrated), calibrated + " already exists", "--overwrite");
    refused(calibrate(biased, biased.resolve("sub")), "is inside the source model");
    Path tagsOnly = bad.resolve("tags-only");
    Result dropped =
        CommandLineTest.mtc(
            "",
            "tasks",
            "drop",
            "--model",
            biased.toString(),
            "--drop",
            "mood,topic",
            "--out",
            tagsOnly.toString());
    assertThat(dropped.code()).as(dropped.err()).isZero();
    refused(calibrate(tagsOnly, out), "has no single-label task", "nothing to calibrate");
    refused(calibrate(biased, out, "--only", "topic"), "has a dev split");
    try (Stream<Path> left = Files.list(bad)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("m.onnx", "tags-only");
    }
    assertThat(FileDigest.of(biased)).as("the source is only read").isEqualTo(digest);
  }

  private static void refused(Result r, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("mtc: ").contains(parts).doesNotContain("\tat org.");
  }
}
