package org.mtc.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.inject.Wiring;
import picocli.CommandLine;

/** Bad input to {@code mtc bench backbones} fails before anything is trained or written. */
class BackbonesBenchCommandTest {
  private static final Wiring WIRING = Wiring.discover();
  @TempDir Path tmp;

  private BackbonesBenchCommand parse(String... args) throws IOException {
    Path data = tmp.resolve("data");
    ToyData.write(data);
    Path tasks = tmp.resolve("tasks.conf");
    Files.writeString(
        tasks, "mtc.tasks { sentiment { data = sentiment }, topic { data = topic } }\n");
    BackbonesBenchCommand command = WIRING.get(BackbonesBenchCommand.class);
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(
        new String[] {
          "--tasks",
          tasks.toString(),
          "--data-dir",
          data.toString(),
          "--out",
          tmp.resolve("run").toString()
        },
        0,
        all,
        args.length,
        6);
    new CommandLine(command).parseArgs(all);
    return command;
  }

  @Test
  void anUnknownNameListsTheKnownOnesWithADidYouMean() throws IOException {
    BackbonesBenchCommand command = parse("--backbones", "minilm,minlm");
    assertThatThrownBy(command::call)
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("minlm")
        .hasMessageContaining("did you mean")
        .hasMessageContaining("minilm");
    assertThat(tmp.resolve("run")).doesNotExist();
  }

  @Test
  void aMissingDirectoryIsNamedWithTheKnownNames() throws IOException {
    BackbonesBenchCommand command = parse("--backbones", "minilm," + tmp.resolve("nowhere"));
    assertThatThrownBy(command::call)
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("nowhere")
        .hasMessageContaining("neither a backbone name nor an existing directory")
        .hasMessageContaining("minilm");
    assertThat(tmp.resolve("run")).doesNotExist();
  }

  @Test
  void noBackbonesSaysWhatToGive() throws IOException {
    BackbonesBenchCommand command = parse();
    assertThatThrownBy(command::call)
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("--backbones is required");
  }

  @Test
  void aResumeMayAddBackbonesButNotDropOne() throws IOException {
    Path data = tmp.resolve("data");
    ToyData.write(data);
    Path run = Files.createDirectories(tmp.resolve("recorded"));
    Files.writeString(
        run.resolve("command.txt"), "mtc bench backbones --backbones minilm,e5-small\n");
    Files.writeString(run.resolve("tasks.txt"), "sentiment\n");
    Files.writeString(run.resolve("backbones.txt"), "minilm\ne5-small\n");
    Files.writeString(
        run.resolve("settings.conf"), "mtc.tasks { sentiment { data = sentiment } }\n");
    BackbonesBenchCommand dropping = WIRING.get(BackbonesBenchCommand.class);
    new CommandLine(dropping)
        .parseArgs(
            "--resume",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--backbones",
            "minilm,bert-base");
    assertThatThrownBy(dropping::call)
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("leaves out e5-small")
        .hasMessageContaining("may add backbones but not drop them");
    assertThat(run.resolve("backbones.txt")).hasContent("minilm\ne5-small");

    BackbonesBenchCommand misspelt = WIRING.get(BackbonesBenchCommand.class);
    new CommandLine(misspelt)
        .parseArgs(
            "--resume",
            run.toString(),
            "--data-dir",
            data.toString(),
            "--backbones",
            "minilm,e5-small,bert-bse");
    assertThatThrownBy(misspelt::call)
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("did you mean");
    assertThat(run.resolve("backbones.txt")).hasContent("minilm\ne5-small");
  }
}
