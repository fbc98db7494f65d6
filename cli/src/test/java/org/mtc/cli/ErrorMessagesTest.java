package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.testing.TinyModelDirectory;
import picocli.CommandLine;

/**
 * Error messages a new user meets, each with its place: the file and line, the option, the bad
 * value and the fix, in one line without a stack trace; and help text that renders cleanly for
 * every command.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorMessagesTest {
  @TempDir static Path dir;
  Path backbone;
  Path data;
  Path tasks;
  Path run;

  @BeforeAll
  void trainOnce() throws Exception {
    backbone = TinyModelDirectory.create(dir.resolve("tiny"), "bert", 13);
    data = dir.resolve("data");
    Files.createDirectories(data.resolve("mood"));
    for (String split : List.of("train", "dev", "test")) {
      List<String> mood = new ArrayList<>(List.of("text\tlabel"));
      for (int i = 0; i < 8; i++) {
        mood.add(
            (i % 2 == 0 ? "a good day " : "a bad day ") + i + "\t" + (i % 2 == 0 ? "good" : "bad"));
      }
      Files.write(data.resolve("mood").resolve(split + ".tsv"), mood);
    }
    tasks = dir.resolve("tasks.conf");
    Files.writeString(tasks, "mtc.tasks {\n  mood { data = mood }\n}\n");
    run = dir.resolve("run");
    CommandLineTest.Result r =
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
            "--max-steps",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
  }

  /**
   * Runs mtc, checks the exit code and that no stack trace was printed, and returns the first line
   * of stderr.
   */
  private static String fails(int code, String stdin, String... args) {
    CommandLineTest.Result r = CommandLineTest.mtc(stdin, args);
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.err()).as("one clear line, not a stack trace").doesNotContain("\tat org.");
    return r.err().lines().findFirst().orElse("");
  }

  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    List<List<String>> commands = new ArrayList<>();
    collect(Main.newCommandLine(), new ArrayList<>(), commands);
    assertThat(commands)
        .as("the walk reaches nested commands (bench's are checked in bench's tests)")
        .contains(List.of("eval"), List.of("export", "onnx"));
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      CommandLineTest.Result r = CommandLineTest.mtc("", args.toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
      assertThat(r.err() + r.out())
          .as(String.join(" ", args))
          .doesNotContain("Could not format")
          .doesNotContain("[picocli WARN]");
    }
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    for (Map.Entry<String, CommandLine> e : cli.getSubcommands().entrySet()) {
      if (e.getKey().equals(e.getValue().getCommandName())) { // aliases lead to the same command
        path.add(e.getKey());
        collect(e.getValue(), path, out);
        path.remove(path.size() - 1);
      }
    }
  }

  @Test
  void serveRefusesAFolderThatIsNoModelBeforeItListens() throws Exception {
    Path notAModel = Files.createDirectories(dir.resolve("serve-not-a-model"));
    CommandLineTest.Result r =
        CommandLineTest.mtc("", "serve", "--model", notAModel.toString(), "--port", "0");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("mtc: ")
        .contains("serve-not-a-model")
        .doesNotContain("listening on")
        .doesNotContain("\tat org.");
  }

  @Test
  void predictFromAFileWithAnUnterminatedQuoteNamesTheLine() throws Exception {
    Path input =
        Files.writeString(
            dir.resolve("quote.tsv"), "id\ttext\n1\tfine\n2\t\"unterminated\n3\tmore\n");
    String line = fails(2, "", "predict", "--model", run.toString(), "--input", input.toString());
    assertThat(line)
        .startsWith("mtc: " + input + ":3")
        .contains("quote")
        .doesNotContain("unexpected error");
  }

  @Test
  void predictReadsAnInputFileAsAnnotateDoes() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("a-folder"));
    assertThat(fails(2, "", "predict", "--model", run.toString(), "--input", folder.toString()))
        .contains("a-folder is a directory")
        .contains("--input");
    Path ragged = Files.writeString(dir.resolve("ragged.tsv"), "id\ttext\n1\tfine\n2\n");
    assertThat(fails(2, "", "predict", "--model", run.toString(), "--input", ragged.toString()))
        .contains("ragged.tsv:3: row has 1 cells but the header has 2");
    Path jsonl =
        Files.writeString(dir.resolve("in.jsonl"), "{\"text\": \"a good day\"}\n{\"text\": \n");
    assertThat(fails(2, "", "predict", "--model", run.toString(), "--input", jsonl.toString()))
        .contains("in.jsonl:2: not a JSON object");
  }

  @Test
  void annotateNamesTheFileTheLineAndIconvForInvalidUtf8() throws Exception {
    byte[] latin1 = "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Path small = dir.resolve("small-latin1.tsv");
    Files.write(small, concat("text\nfine\n".getBytes(StandardCharsets.UTF_8), latin1));
    assertThat(
            fails(
                2,
                "",
                "annotate",
                "--model",
                run.toString(),
                "--input",
                small.toString(),
                "--output",
                dir.resolve("small.jsonl").toString()))
        .contains("small-latin1.tsv:3: not valid UTF-8")
        .contains("iconv");
    StringBuilder big = new StringBuilder("text\n");
    for (int i = 0; i < 3000; i++) {
      big.append("a perfectly ordinary line of text number ").append(i).append('\n');
    }
    Path large = dir.resolve("large-latin1.tsv");
    Files.write(large, concat(big.toString().getBytes(StandardCharsets.UTF_8), latin1));
    assertThat(
            fails(
                2,
                "",
                "annotate",
                "--model",
                run.toString(),
                "--input",
                large.toString(),
                "--output",
                dir.resolve("large.jsonl").toString()))
        .contains("large-latin1.tsv:3002: not valid UTF-8")
        .contains("iconv");
    assertThat(dir.resolve("large.jsonl")).doesNotExist();
  }

  @Test
  void aTaskFileWithCrOnlyLineEndsIsRefusedWithTheFix() throws Exception {
    Path mac = dir.resolve("mac-tasks.conf");
    Files.writeString(mac, "# the tasks\rmtc.tasks {\r  mood { data = mood }\r}\r");
    Path out = dir.resolve("mac-run");
    String line =
        fails(
            2,
            "",
            "train",
            "--tasks",
            mac.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            out.toString());
    assertThat(line)
        .contains("mac-tasks.conf")
        .contains("CR-only line ends")
        .contains("tr '\\r' '\\n'");
    assertThat(out).doesNotExist();
    Path windows =
        Files.writeString(
            dir.resolve("windows-tasks.conf"),
            "# the tasks\r\nmtc.tasks {\r\n  mood " + "{ data = mood }\r\n}\r\n");
    CommandLineTest.Result r =
        CommandLineTest.mtc(
            "",
            "train",
            "--tasks",
            windows.toString(),
            "--backbone",
            backbone.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            dir.resolve("windows-run").toString(),
            "--max-steps",
            "1");
    assertThat(r.code()).as("CRLF stays accepted: " + r.err()).isZero();
  }

  @Test
  void aSettingsPathThatIsAFolderIsNamedAsOne() {
    assertThat(
            fails(
                2,
                "",
                "train",
                "--tasks",
                data.toString(),
                "--backbone",
                backbone.toString(),
                "--data-dir",
                data.toString(),
                "--out",
                dir.resolve("folder-run").toString()))
        .contains(data + " is a directory")
        .doesNotContain("does not exist");
  }

  @Test
  void serveNamesTheBadValueAndItsRangeNotTheWholeRecord() {
    String port = fails(2, "", "serve", "--model", run.toString(), "--port", "99999");
    assertThat(port)
        .contains("mtc.serve.port")
        .contains("99999")
        .contains("65535")
        .doesNotContain("ServeSettings[");
    String body =
        fails(
            2,
            "",
            "serve",
            "--model",
            run.toString(),
            "--port",
            "0",
            "--set",
            "mtc.serve.max-body-bytes=0");
    assertThat(body)
        .contains("mtc.serve.max-body-bytes")
        .contains("0")
        .doesNotContain("ServeSettings[")
        .doesNotContain("max-batch");
    String delay =
        fails(2, "", "serve", "--model", run.toString(), "--port", "0", "--max-delay", "-5ms");
    assertThat(delay)
        .contains("mtc.serve.max-delay")
        .contains("-5ms")
        .doesNotContain("ServeSettings[");
  }

  @Test
  void aFolderGivenToEvalTaskIsNamedAsOne() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("mood-folder.tsv"));
    assertThat(fails(2, "", "eval", "--model", run.toString(), "--task", "mood=" + folder))
        .contains("mood-folder.tsv is a directory")
        .contains("data file of task 'mood'");
  }

  @Test
  void aBadJsonLineOnStandardInputNamesStandardInputAndTheLine() {
    assertThat(fails(2, "a good day\n{\"text\": 5}\n", "predict", "--model", run.toString()))
        .startsWith("mtc: standard input:2: a JSON line needs a string field \"text\"");
  }

  @Test
  void aBadBatchSizeNamesItsOption() {
    assertThat(fails(2, "a text\n", "predict", "--model", run.toString(), "--batch-size", "0"))
        .contains("--batch-size 0");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
