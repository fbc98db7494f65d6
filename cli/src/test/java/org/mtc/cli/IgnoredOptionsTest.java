package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.cli.CommandLineTest.Result;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * Options that are accepted and then do nothing for the given input, and values out of the input's
 * range: each is refused with exit 2 and a message naming it (before anything is written), or
 * warned about in one {@code mtc: warning:} line where refusing would break reasonable scripts. One
 * tiny trained model (a 2-layer encoder) and its exported graph are shared by the tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IgnoredOptionsTest {
  @TempDir static Path dir;
  Path backbone;
  Path data;
  Path tasks;
  Path run;
  Path graph;
  Result trained;

  @BeforeAll
  void trainAndExport() throws Exception {
    backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 7);
    data = dir.resolve("data");
    for (String task : List.of("mood", "tags")) {
      Files.createDirectories(data.resolve(task));
      for (String split : List.of("train", "dev", "test")) {
        List<String> lines =
            new ArrayList<>(List.of(task.equals("mood") ? "text\tlabel" : "text\tlabels"));
        for (int i = 0; i < 8; i++) {
          lines.add(
              "text "
                  + i
                  + "\t"
                  + (task.equals("mood")
                      ? (i % 2 == 0 ? "good" : "bad")
                      : (i % 3 == 0 ? "x|y" : "y")));
        }
        Files.write(data.resolve(task).resolve(split + ".tsv"), lines);
      }
    }
    tasks =
        Files.writeString(
            dir.resolve("tasks.conf"),
            "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags, kind = multi-label }\n}\n");
    run = dir.resolve("run");
    // trainable-layers 2 is the 2-layer encoder's top; --epochs with --max-steps and an onnx
    // setting do nothing
    trained =
        train(
            run,
            "--trainable-layers",
            "2",
            "--max-steps",
            "2",
            "--epochs",
            "3",
            "--set",
            "mtc.backbone.onnx.intra-op-threads=1");
    assertThat(trained.code()).as(trained.err()).isZero();
    graph = dir.resolve("model.onnx");
    Result export =
        CommandLineTest.mtc(
            "", "export", "onnx", "--model", run.toString(), "--out", graph.toString());
    assertThat(export.code()).as(export.err()).isZero();
  }

  private Result train(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--tasks",
                tasks.toString(),
                "--backbone",
                backbone.toString(),
                "--data-dir",
                data.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return CommandLineTest.mtc("", args.toArray(String[]::new));
  }

  private static Result mtc(String... args) {
    return CommandLineTest.mtc("", args);
  }

  private static void refused(Result r, String... named) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("mtc: ").doesNotContain("Exception").contains(named);
  }

  private static void warned(Result r, String... named) {
    assertThat(r.err().lines().filter(l -> l.startsWith("mtc: warning: ")).toList())
        .as(r.err())
        .anySatisfy(l -> assertThat(l).contains(named));
  }

  @Test
  void trainableLayersAboveTheEncodersLayersIsRefusedBeforeAnythingIsWritten() {
    Path out = dir.resolve("too-many-layers");
    Result r = train(out, "--trainable-layers", "3", "--max-steps", "1");
    refused(r, "trainable-layers 3", "2 layers", "all, frozen or 0..2", backbone.toString());
    assertThat(out).doesNotExist();
    Result set = train(out, "--set", "mtc.backbone.trainable-layers=99", "--max-steps", "1");
    refused(set, "--set mtc.backbone.trainable-layers", "trainable-layers 99", "0..2");
    assertThat(out).doesNotExist();
  }

  @Test
  void trainWarnsAboutRatesAndLengthsThatDoNothing() {
    warned(trained, "--epochs does nothing", "max-steps = 2");
    warned(trained, "mtc.backbone.onnx.intra-op-threads", "this command runs the djl engine");
    Result r =
        train(
            dir.resolve("frozen"),
            "--only",
            "tags",
            "--trainable-layers",
            "frozen",
            "--learning-rate",
            "1e-3",
            "--head-learning-rate",
            "1e-2",
            "--max-steps",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    warned(r, "--learning-rate does nothing", "frozen");
    warned(r, "--head-learning-rate does nothing", "multi-label");
  }

  @Test
  void anEngineThatCannotRunAnExportedGraphIsRefused() {
    refused(
        mtc("predict", "--model", graph.toString(), "--engine", "djl"),
        "--engine djl cannot run",
        "ONNX Runtime only");
    refused(
        mtc("eval", "--model", graph.toString(), "--engine", "tf", "--data-dir", data.toString()),
        "--engine tf cannot run");
    refused(
        mtc(
            "eval",
            "--model",
            graph.toString(),
            "--against",
            graph.toString(),
            "--engine",
            "djl",
            "--data-dir",
            data.toString()),
        "--engine djl cannot run " + graph);
    // --engine runs the model directory; the exported graph it is compared with runs on ONNX
    // Runtime
    Result parity =
        mtc(
            "eval",
            "--model",
            run.toString(),
            "--against",
            graph.toString(),
            "--engine",
            "djl",
            "--data-dir",
            data.toString());
    assertThat(parity.code()).as(parity.err()).isZero();
    Path output = dir.resolve("annotated.jsonl");
    refused(
        mtc(
            "annotate",
            "--model",
            graph.toString(),
            "--engine",
            "djl",
            "--input",
            data.resolve("mood/test.tsv").toString(),
            "--output",
            output.toString()),
        "--engine djl cannot run");
    assertThat(output).doesNotExist();
    Result serve =
        Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(120),
            () -> mtc("serve", "--model", graph.toString(), "--engine", "djl", "--port", "0"));
    refused(serve, "--engine djl cannot run");
    Result onnx = mtc("predict", "--model", graph.toString(), "--engine", "onnx");
    assertThat(onnx.code()).as(onnx.err()).isZero();
  }

  @Test
  void predictWarnsAboutSettingsOfAnotherEngine() {
    Result r =
        CommandLineTest.mtc(
            "a good day\n",
            "predict",
            "--model",
            graph.toString(),
            "--set",
            "mtc.backbone.djl.threads=1");
    assertThat(r.code()).as(r.err()).isZero();
    warned(r, "mtc.backbone.djl.threads (--set mtc.backbone.djl.threads)", "runs the onnx engine");
  }

  @Test
  void evalRefusesSplitAndOnlyWithTaskFilesAndPerLabelWithoutJson() {
    String file = data.resolve("mood/test.tsv").toString();
    refused(
        mtc("eval", "--model", run.toString(), "--task", "mood=" + file, "--split", "dev"),
        "--split does nothing with --task");
    refused(
        mtc("eval", "--model", run.toString(), "--task", "mood=" + file, "--only", "tags"),
        "--only does nothing with --task");
    Result dataDir =
        mtc(
            "eval",
            "--model",
            run.toString(),
            "--task",
            "mood=" + file,
            "--data-dir",
            data.toString());
    assertThat(dataDir.code()).as(dataDir.err()).isZero();
    warned(dataDir, "--data-dir does nothing with --task");
    refused(
        mtc("eval", "--model", run.toString(), "--data-dir", data.toString(), "--per-label"),
        "--per-label does nothing without --json");
    refused(
        mtc(
            "eval",
            "--model",
            run.toString(),
            "--against",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--json",
            "--per-label"),
        "--per-label does nothing with --against");
  }

  @Test
  void predictRefusesColumnsWithoutInputAndWarnsAboutDataDir() {
    refused(
        mtc("predict", "--model", run.toString(), "--text-column", "sentence"),
        "--text-column does nothing without --input");
    refused(
        mtc("predict", "--model", run.toString(), "--context-column", "previous"),
        "--context-column does nothing without --input");
    Result r =
        CommandLineTest.mtc(
            "a good day\n", "predict", "--model", run.toString(), "--data-dir", data.toString());
    assertThat(r.code()).as(r.err()).isZero();
    warned(r, "--data-dir does nothing for mtc predict");
  }

  @Test
  void aContextColumnIsWarnedAboutWhenNoTaskReadsAContext() throws Exception {
    Path input =
        Files.write(
            dir.resolve("with-context.tsv"), List.of("text\tprevious", "a good day\thello"));
    Result predict =
        mtc(
            "predict",
            "--model",
            run.toString(),
            "--input",
            input.toString(),
            "--context-column",
            "previous");
    assertThat(predict.code()).as(predict.err()).isZero();
    warned(predict, "--context-column does nothing", "no task of the model reads a dialog context");
    Result annotate =
        mtc(
            "annotate",
            "--model",
            run.toString(),
            "--input",
            input.toString(),
            "--output",
            dir.resolve("annotated-context.jsonl").toString(),
            "--context-column",
            "previous");
    assertThat(annotate.code()).as(annotate.err()).isZero();
    warned(annotate, "--context-column does nothing");
  }

  @Test
  void exportRefusesFusedWithHeadsOnly() {
    Path out = dir.resolve("heads.onnx");
    refused(
        mtc(
            "export",
            "onnx",
            "--model",
            run.toString(),
            "--out",
            out.toString(),
            "--heads-only",
            "--encoder",
            graph.toString(),
            "--fused"),
        "--fused does nothing with --heads-only");
    assertThat(out).doesNotExist();
  }

  @Test
  void importRefusesOutFromAndOverwriteWhenListing() {
    Path out = dir.resolve("imported");
    refused(mtc("import", "--list", "--out", out.toString()), "--out does nothing when listing");
    refused(
        mtc("import", "--overwrite", "--out", out.toString()),
        "--out, --overwrite do nothing when listing");
    assertThat(out).doesNotExist();
  }

  @Test
  void serveWarnsAboutAMaxDelayWithoutBatching() {
    Result r =
        mtc(
            "serve",
            "--model",
            dir.resolve("missing").toString(),
            "--max-batch",
            "1",
            "--max-delay",
            "5ms",
            "--set",
            "mtc.backbone.tf.threads=2");
    refused(r, "does not exist");
    warned(r, "--max-delay does nothing with max-batch 1");
    warned(r, "mtc.backbone.tf.threads", "runs the onnx engine"); // mtc.inference.engine
  }
}
