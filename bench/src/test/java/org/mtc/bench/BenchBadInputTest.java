package org.mtc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.cli.Main;
import org.mtc.core.settings.SettingRanges;
import org.mtc.core.settings.Settings;
import org.mtc.core.testing.TinyModelDirectory;
import picocli.CommandLine;

/**
 * {@code mtc bench} through the command line it joins as a {@link org.mtc.cli.Subcommand}: it is
 * found, and bad input fails in one line without deleting or writing anything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchBadInputTest {
  @TempDir static Path dir;
  Path backbone;
  Path data;
  Path tasks;

  @BeforeAll
  void files() throws Exception {
    backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 11);
    data = dir.resolve("data");
    Files.createDirectories(data.resolve("mood"));
    for (String split : List.of("train", "dev", "test")) {
      Files.write(
          data.resolve("mood").resolve(split + ".tsv"),
          List.of("text\tlabel", "a good day\tgood", "a bad day\tbad"));
    }
    tasks = dir.resolve("tasks.conf");
    Files.writeString(tasks, "mtc.tasks {\n  mood { data = mood }\n}\n");
  }

  /** Runs mtc, checks the exit code and returns the first line of standard error. */
  private static String fails(int code, String... args) {
    BenchCli.Result r = BenchCli.mtc(args);
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.err()).as("one clear line, not a stack trace").doesNotContain("\tat org.");
    return r.err().lines().findFirst().orElse("");
  }

  @Test
  void benchJoinsTheCommandLine() {
    BenchCli.Result r = BenchCli.mtc("bench", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: mtc bench").contains("backbones");
  }

  @Test
  void everyBenchCommandsHelpRendersWithoutFormatWarnings() {
    List<List<String>> commands = new ArrayList<>();
    walk(
        Main.newCommandLine().getSubcommands().get("bench"),
        new ArrayList<>(List.of("bench")),
        commands);
    assertThat(commands)
        .contains(List.of("bench"), List.of("bench", "serve"), List.of("bench", "backbones"));
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      BenchCli.Result r = BenchCli.mtc(args.toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
      assertThat(r.err() + r.out())
          .as(String.join(" ", args))
          .doesNotContain("Could not format")
          .doesNotContain("[picocli WARN]");
    }
  }

  private static void walk(CommandLine cli, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
      if (e.getKey().equals(e.getValue().getCommandName())) { // aliases lead to the same command
        path.add(e.getKey());
        walk(e.getValue(), path, out);
        path.remove(path.size() - 1);
      }
    }
  }

  @Test
  void benchOverwriteNeverDeletesAForeignFolderNorABenchRunItCannotReplace() throws Exception {
    byte[] before = Files.readAllBytes(data.resolve("mood/train.tsv"));
    String foreign =
        fails(
            2,
            "bench",
            "--tasks",
            tasks.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            data.toString(),
            "--overwrite");
    assertThat(foreign).contains("is not a bench run directory");
    assertThat(Files.readAllBytes(data.resolve("mood/train.tsv"))).isEqualTo(before);
    Path bench = dir.resolve("bench-run");
    Files.createDirectories(bench);
    Files.writeString(bench.resolve("command.txt"), "mtc bench --preset quick\n");
    Files.writeString(bench.resolve("report.md"), "old report");
    Path missing = dir.resolve("missing-tasks.conf");
    Files.writeString(missing, "mtc.tasks {\n  gone { data = nowhere }\n}\n");
    String bad =
        fails(
            2,
            "bench",
            "--tasks",
            missing.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            bench.toString(),
            "--overwrite");
    assertThat(bad).contains("nowhere");
    assertThat(Files.readString(bench.resolve("report.md"))).isEqualTo("old report");
  }

  @Test
  void benchSeedsMustBeAPositiveNumber() {
    Path out = dir.resolve("seeds-run");
    assertThat(
            fails(
                2,
                "bench",
                "--seeds",
                "0",
                "--tasks",
                tasks.toString(),
                "--backbone",
                backbone.toString(),
                "--data-dir",
                data.toString(),
                "--out",
                out.toString()))
        .contains("--seeds 0")
        .contains("1 or more");
    assertThat(
            fails(
                2,
                "bench",
                "--seeds",
                "three",
                "--tasks",
                tasks.toString(),
                "--out",
                out.toString()))
        .contains("--seeds")
        .contains("three");
    assertThat(
            fails(
                2,
                "bench",
                "--set",
                "mtc.bench.seeds=-1",
                "--tasks",
                tasks.toString(),
                "--backbone",
                backbone.toString(),
                "--data-dir",
                data.toString(),
                "--out",
                out.toString()))
        .contains("mtc.bench.seeds");
    assertThat(out).doesNotExist();
  }

  @Test
  void benchResumeOfATrainingRunIsRefused() throws Exception {
    Path trainRun = dir.resolve("train-run");
    Files.createDirectories(trainRun.resolve("model"));
    Files.writeString(trainRun.resolve("settings.conf"), "mtc.seed = 1\n");
    Files.writeString(trainRun.resolve("train.log"), "trained\n");
    assertThat(fails(2, "bench", "--resume", trainRun.toString()))
        .contains("is not a bench run directory");
  }

  @Test
  void theBenchRangesNameTheirOwnSettings() {
    SettingRanges.verifyDeclarations(Settings.reference());
  }
}
