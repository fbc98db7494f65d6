package org.mtc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.bench.BenchCli.Result;

/**
 * Options of {@code mtc bench} that do nothing for the given input: refused by name with exit 2
 * before anything is written, or warned about in one {@code mtc: warning:} line (the command line's
 * own cases are cli's {@code IgnoredOptionsTest}).
 */
class BenchIgnoredOptionsTest {
  @TempDir Path dir;

  private static void refused(Result r, String... named) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("mtc: ").doesNotContain("Exception").contains(named);
  }

  private static void warned(Result r, String... named) {
    assertThat(r.err().lines().filter(l -> l.startsWith("mtc: warning: ")).toList())
        .as(r.err())
        .anySatisfy(l -> assertThat(l).contains(named));
  }

  private Path texts() throws Exception {
    return Files.write(dir.resolve("texts.tsv"), List.of("text", "a good day", "a bad day"));
  }

  @Test
  void benchServeRefusesAnEngineThatCannotRunAnExportedGraph() throws Exception {
    Path graph =
        Files.writeString(dir.resolve("model.onnx"), "not read: the engine is refused first");
    refused(
        BenchCli.mtc(
            "bench",
            "serve",
            "--model",
            graph.toString(),
            "--engine",
            "djl",
            "--texts",
            texts().toString(),
            "--out",
            dir.resolve("bench-serve").toString()),
        "--engine djl cannot run");
    assertThat(dir.resolve("bench-serve")).doesNotExist();
  }

  @Test
  void benchResumeRefusesAPreset() throws Exception {
    Path bench = Files.createDirectories(dir.resolve("bench-run"));
    Files.writeString(bench.resolve("settings.conf"), "mtc.tasks { mood { data = mood } }\n");
    Files.writeString(bench.resolve("tasks.txt"), "mood\n");
    Files.writeString(bench.resolve("command.txt"), "mtc bench --preset quick\n");
    Files.writeString(bench.resolve("backbones.txt"), "minilm\n");
    refused(
        BenchCli.mtc("bench", "--resume", bench.toString(), "--preset", "full"),
        "so --preset would do nothing");
    refused(
        BenchCli.mtc("bench", "backbones", "--resume", bench.toString(), "--preset", "full"),
        "so --preset would do nothing");
    refused(
        BenchCli.mtc(
            "bench",
            "backbones",
            "--resume",
            bench.toString(),
            "--inference-engine",
            "djl",
            "--single"),
        "so --inference-engine, --single would do nothing");
  }

  @Test
  void benchEnginesRefusesTheOptionsOfAnotherMode() throws Exception {
    Path graph = Files.writeString(dir.resolve("model.onnx"), "not read");
    Path run = Files.createDirectories(dir.resolve("run"));
    refused(
        BenchCli.mtc("bench", "engines", "--train", "--repeats", "3"),
        "--repeats does nothing with --train");
    refused(
        BenchCli.mtc("bench", "engines", "--split", "dev"),
        "--split does nothing without --parity or --train");
    refused(
        BenchCli.mtc("bench", "engines", "--exported", graph.toString(), "--heads", run.toString()),
        "--heads does nothing with --exported");
    refused(
        BenchCli.mtc(
            "bench",
            "engines",
            "--parity",
            graph.toString(),
            "--heads",
            run.toString(),
            "--lengths",
            "16"),
        "--lengths does nothing with --parity");
    refused(
        BenchCli.mtc(
            "bench", "contention", "--no-builtin", "--engines", "djl", "--variant", "one:djl"),
        "--engines does nothing with --no-builtin");
  }

  @Test
  void benchWarnsAboutADataDirThatTextsReplace() throws Exception {
    Result r =
        BenchCli.mtc(
            "bench",
            "serve",
            "--model",
            dir.resolve("missing").toString(),
            "--texts",
            texts().toString(),
            "--data-dir",
            dir.toString());
    refused(r, "does not exist");
    warned(r, "--data-dir does nothing with --texts");
  }
}
