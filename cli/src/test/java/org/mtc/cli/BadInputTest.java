package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.settings.SettingRanges;
import org.mtc.core.settings.Settings;
import org.mtc.core.testing.TinyModelDirectory;

/**
 * The command line with bad input and faults, as a new user meets them: each case runs {@code mtc}
 * and asserts the exit code, the first line of the error, and that nothing already saved was lost
 * or changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  @TempDir static Path dir;
  Path backbone;
  Path data;
  Path tasks;
  Path run;

  @BeforeAll
  void trainOnce() throws Exception {
    backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 11);
    data = dir.resolve("data");
    for (String split : List.of("train", "dev", "test")) {
      List<String> mood = new ArrayList<>(List.of("text\tlabel"));
      for (int i = 0; i < 16; i++) {
        mood.add(
            (i % 2 == 0 ? "a good day " : "a bad day ") + i + "\t" + (i % 2 == 0 ? "good" : "bad"));
      }
      Files.createDirectories(data.resolve("mood"));
      Files.write(data.resolve("mood").resolve(split + ".tsv"), mood);
    }
    tasks = dir.resolve("tasks.conf");
    Files.writeString(tasks, "mtc.tasks {\n  mood { data = mood }\n}\n");
    run = dir.resolve("run");
    CommandLineTest.Result r = train(run);
    assertThat(r.code()).as(r.err()).isZero();
  }

  private CommandLineTest.Result train(Path out, String... extra) {
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
                out.toString(),
                "--max-steps",
                "2"));
    args.addAll(List.of(extra));
    return CommandLineTest.mtc("", args.toArray(String[]::new));
  }

  /** Runs mtc, checks the exit code and returns the first line of standard error. */
  private static String fails(int code, String stdin, String... args) {
    CommandLineTest.Result r = CommandLineTest.mtc(stdin, args);
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.err()).as("one clear line, not a stack trace").doesNotContain("\tat org.");
    return r.err().lines().findFirst().orElse("");
  }

  private static byte[] bytes(Path p) throws Exception {
    return Files.readAllBytes(p);
  }

  @Test
  void serveRefusesAMissingModelAndABadSettingInOneLine() {
    assertThat(fails(2, "", "serve", "--model", "/no/such/model.onnx", "--port", "0"))
        .contains("/no/such/model.onnx")
        .contains("does not exist");
    assertThat(
            fails(
                2,
                "",
                "serve",
                "--model",
                "/no/such/model.onnx",
                "--port",
                "0",
                "--max-batch",
                "0"))
        .contains("mtc.serve");
  }

  @Test
  void overwritePointedAtADataFolderDeletesNothing() throws Exception {
    byte[] before = bytes(data.resolve("mood/train.tsv"));
    String line =
        fails(
            2,
            "",
            "train",
            "--tasks",
            tasks.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            data.toString(),
            "--overwrite");
    assertThat(line)
        .startsWith("mtc: --out " + data)
        .contains("holds files that no mtc run writes");
    assertThat(bytes(data.resolve("mood/train.tsv"))).isEqualTo(before);
  }

  @Test
  void overwriteWithABadTaskFileKeepsTheOldRun() throws Exception {
    byte[] heads = bytes(run.resolve("model/heads.safetensors"));
    Path bad = dir.resolve("bad-tasks.conf");
    Files.writeString(bad, "mtc.tasks {\n  mood { data = mood, text-column = sentence }\n}\n");
    String line =
        fails(
            2,
            "",
            "train",
            "--tasks",
            bad.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            run.toString(),
            "--overwrite");
    assertThat(line).contains("no column 'sentence'");
    assertThat(bytes(run.resolve("model/heads.safetensors"))).isEqualTo(heads);
  }

  @Test
  void overwriteReplacesARunOnlyWithAFinishedOne() throws Exception {
    Path other = dir.resolve("other-run");
    assertThat(train(other).code()).isZero();
    Files.writeString(other.resolve("train.log"), "old log\n");
    CommandLineTest.Result r = train(other, "--overwrite", "--seed", "7");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(other.resolve("train.log"))).doesNotContain("old log");
    assertThat(other.resolve("model/heads.safetensors")).isRegularFile();
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".other-run"));
    }
  }

  @Test
  void aRunThatFailsBeforeItsFirstCheckpointLeavesNothingBehind() throws Exception {
    Path broken = dir.resolve("broken-backbone");
    TinyModelDirectory.create(broken, "bert", 3);
    byte[] weights = bytes(broken.resolve("model.safetensors"));
    Files.write(broken.resolve("model.safetensors"), Arrays.copyOf(weights, weights.length / 2));
    Path out = dir.resolve("never");
    String line =
        fails(
            2,
            "",
            "train",
            "--tasks",
            tasks.toString(),
            "--backbone",
            broken.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            out.toString());
    assertThat(line).contains("truncated");
    assertThat(out).doesNotExist();
    assertThat(train(out).code()).as("the next attempt is not blocked").isZero();
  }

  @Test
  void exportRefusesAnExistingFileAndAnyPathInsideTheModel() throws Exception {
    byte[] heads = bytes(run.resolve("model/heads.safetensors"));
    String inside =
        fails(
            2,
            "",
            "export",
            "onnx",
            "--model",
            run.toString(),
            "--out",
            run.resolve("model/heads.safetensors").toString(),
            "--overwrite");
    assertThat(inside).contains("is inside the model directory");
    assertThat(bytes(run.resolve("model/heads.safetensors"))).isEqualTo(heads);
    Path existing = dir.resolve("notes.onnx");
    Files.writeString(existing, "my notes");
    String exists =
        fails(2, "", "export", "onnx", "--model", run.toString(), "--out", existing.toString());
    assertThat(exists).contains("already exists").contains("--overwrite");
    assertThat(Files.readString(existing)).isEqualTo("my notes");
  }

  @Test
  void keysOutsideMtcAreErrors() throws Exception {
    String set =
        fails(
            2,
            "",
            "eval",
            "--model",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--set",
            "train.batch-size=8");
    assertThat(set)
        .contains("unknown setting 'train.batch-size'")
        .contains("did you mean 'mtc.train.batch-size'");
    Path conf = dir.resolve("typo.conf");
    Files.writeString(conf, "mtcc.train.batch-size = 8\n");
    String file =
        fails(
            2,
            "",
            "eval",
            "--model",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--config",
            conf.toString());
    assertThat(file).contains("typo.conf:1").contains("unknown setting 'mtcc.train.batch-size'");
  }

  @Test
  void aTaskDeclaredTwiceIsAnError() throws Exception {
    Path twice = dir.resolve("twice.conf");
    Files.writeString(
        twice, "mtc.tasks {\n  mood { data = mood }\n  mood {\n    data = tags\n  }\n}\n");
    String line =
        fails(
            2,
            "",
            "train",
            "--tasks",
            twice.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            dir.resolve("twice-run").toString());
    assertThat(line).contains("twice.conf:3").contains("task 'mood' is declared twice");
  }

  @Test
  void multiLabelsJoinedWithTheWrongSeparatorAreAnError() throws Exception {
    Path tags = data.resolve("tags");
    Files.createDirectories(tags);
    for (String split : List.of("train", "dev")) {
      Files.write(
          tags.resolve(split + ".tsv"), List.of("text\tlabels", "a cat\tpets", "a dog\tpets,dogs"));
    }
    Path conf = dir.resolve("tags.conf");
    Files.writeString(conf, "mtc.tasks {\n  tags { data = tags, kind = multi-label }\n}\n");
    String line =
        fails(
            2,
            "",
            "train",
            "--tasks",
            conf.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            dir.resolve("tags-run").toString());
    assertThat(line).contains("train.tsv:3").contains("'pets,dogs'").contains("label-separator");
  }

  @Test
  void corruptedWeightsWithAnIntactHeaderAreRefused() throws Exception {
    Path copy = dir.resolve("corrupt");
    copyTree(run.resolve("model"), copy);
    Path heads = copy.resolve("heads.safetensors");
    byte[] b = bytes(heads);
    for (int i = b.length - 64; i < b.length; i += 4) { // NaN as little-endian fp32: 0x7fc00000
      b[i] = 0;
      b[i + 1] = 0;
      b[i + 2] = (byte) 0xc0;
      b[i + 3] = 0x7f;
    }
    Files.write(heads, b);
    String line = fails(2, "a good day\n", "predict", "--model", copy.toString());
    assertThat(line).contains("heads.safetensors").contains("NaN").contains("corrupted");
  }

  @Test
  void invalidUtf8IsReportedAtItsLine() throws Exception {
    Path input = dir.resolve("latin1.tsv");
    StringBuilder big = new StringBuilder("text\n");
    for (int i = 0; i < 3000; i++) {
      big.append("a perfectly ordinary line of text number ").append(i).append('\n');
    }
    byte[] head = big.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bad = "caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(input, concat(head, bad));
    String file = fails(2, "", "predict", "--model", run.toString(), "--input", input.toString());
    assertThat(file).contains("latin1.tsv:3002: not valid UTF-8");
    Path mood = data.resolve("latin1");
    Files.createDirectories(mood);
    Files.write(
        mood.resolve("train.tsv"),
        concat(
            ("text\tlabel\n" + big.substring(5).replace("\n", "\tgood\n"))
                .getBytes(StandardCharsets.UTF_8),
            "caf\u00e9\tbad\n".getBytes(StandardCharsets.ISO_8859_1)));
    Path conf = dir.resolve("latin1.conf");
    Files.writeString(conf, "mtc.tasks {\n  latin1 { data = latin1 }\n}\n");
    String task =
        fails(
            2,
            "",
            "train",
            "--tasks",
            conf.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            dir.resolve("latin1-run").toString());
    assertThat(task).contains("train.tsv:3002: not valid UTF-8");
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            concat("fine\n".getBytes(StandardCharsets.UTF_8), bad),
            "predict",
            "--model",
            run.toString());
    assertThat(r.err()).as("stdin").contains("standard input:2: not valid UTF-8");
  }

  @Test
  void outOfRangeSettingsAreRefusedWhenSettingsLoad() {
    String dropout =
        fails(
            2,
            "",
            "train",
            "--tasks",
            tasks.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            dir.resolve("x").toString(),
            "--set",
            "mtc.backbone.dropout=2");
    assertThat(dropout).contains("mtc.backbone.dropout = 2 is out of range").contains("[0, 1)");
    String lr =
        fails(
            2,
            "",
            "train",
            "--tasks",
            tasks.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            dir.resolve("x").toString(),
            "--learning-rate",
            "Infinity");
    assertThat(lr).contains("mtc.train.learning-rate = Infinity is out of range");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void aModelPathThatIsAFileIsNamedAsOne() throws Exception {
    String line = fails(2, "", "predict", "--model", run.resolve("train.log").toString());
    assertThat(line)
        .contains("train.log is a file but not an exported .onnx graph")
        .contains("pass a trained model directory");
    Path onnx = dir.resolve("m.onnx");
    Files.writeString(onnx, "x");
    assertThat(fails(2, "", "eval", "--model", onnx.toString()))
        .contains("m.onnx is not an ONNX model")
        .contains("pass a trained model directory")
        .contains("mtc export onnx");
  }

  @Test
  void everyModulesRangesNameItsOwnSettings() {
    SettingRanges.verifyDeclarations(Settings.reference());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
