package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.cli.CommandLineTest.Result;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * Options that are accepted and then do nothing for the given input, and values out of the input's range: each
 * is refused with exit 2 and a message naming it (before anything is written), or warned about in one
 * {@code mtc: warning:} line where refusing would break reasonable scripts. One tiny trained model (a 2-layer
 * encoder) and its exported graph are shared by the tests.
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
        List<String> lines = new ArrayList<>(List.of(task.equals("mood") ? "text\tlabel" : "text\tlabels"));
        for (int i = 0; i < 8; i++) {
          lines.add("text " + i + "\t" + (task.equals("mood") ? (i % 2 == 0 ? "good" : "bad")
              : (i % 3 == 0 ? "x|y" : "y")));
        }
        Files.write(data.resolve(task).resolve(split + ".tsv"), lines);
      }
    }
    tasks = Files.writeString(dir.resolve("tasks.conf"),
        "mtc.tasks {\n  mood { data = mood }\n  tags { data = tags, kind = multi-label }\n}\n");
    run = dir.resolve("run");
    // trainable-layers 2 is the 2-layer encoder's top; --epochs with --max-steps and an onnx setting do nothing
    trained = train(run, "--trainable-layers", "2", "--max-steps", "2", "--epochs", "3", "--set",
        "mtc.backbone.onnx.intra-op-threads=1");
    assertThat(trained.code()).as(trained.err()).isZero();
    graph = dir.resolve("model.onnx");
    Result export = CommandLineTest.mtc("", "export", "onnx", "--model", run.toString(), "--out", graph.toString());
    assertThat(export.code()).as(export.err()).isZero();
  }

  private Result train(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--tasks", tasks.toString(), "--backbone",
        backbone.toString(), "--data-dir", data.toString(), "--out", out.toString()));
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
    assertThat(r.err().lines().filter(l -> l.startsWith("mtc: warning: ")).toList()).as(r.err())
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
}
