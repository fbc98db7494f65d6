package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line is built from the graph: its commands and mixins receive what they need by injection. */
class InjectingFactoryTest {
  private final CommandLine cli = Main.newCommandLine();

  private <T> T command(String name) {
    return cli.getSubcommands().get(name).getCommand();
  }

  @Test
  void commandsAndTheirMixinsGetTheEnginesImportersAndDefaultBackboneInjected() {
    ImportCommand imports = command("import");
    assertThat(imports.importers.names()).containsExactly("bert-base", "bge-small", "distilbert", "e5-small", "minilm");
    assertThat(imports.cache).isNotNull();
    TrainCommand train = command("train");
    assertThat(train.engines.names()).containsExactly("djl", "onnx", "tf");
    assertThat(train.choice.defaultBackbone).isNotNull();
    AnnotateCommand annotate = command("annotate");
    assertThat(annotate.engines).isSameAs(train.engines); // one graph per command line
  }

  @Test
  void picocliOwnCommandsStillComeFromPicocli() {
    assertThat(cli.getSubcommands()).containsKeys("help", "import", "train", "eval", "predict", "annotate", "export",
        "serve");
    Object help = cli.getSubcommands().get("help").getCommand();
    assertThat(help).isInstanceOf(CommandLine.HelpCommand.class);
  }
}
