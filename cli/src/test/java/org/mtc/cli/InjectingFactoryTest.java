package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line is built from the graph: its commands and mixins receive what they need by
 * injection.
 */
class InjectingFactoryTest {
  private final CommandLine cli = Main.newCommandLine();
  @TempDir Path tmp;

  private <T> T command(String name) {
    return cli.getSubcommands().get(name).getCommand();
  }

  @Test
  void commandsAndTheirMixinsGetTheEnginesImportersAndDefaultBackboneInjected() {
    ImportCommand imports = command("import");
    assertThat(imports.importers.names())
        .containsExactly("bert-base", "bge-small", "distilbert", "e5-small", "minilm");
    assertThat(imports.cache).isNotNull();
    TrainCommand train = command("train");
    assertThat(train.engines.names()).containsExactly("djl", "onnx", "tf");
    assertThat(train.choice.defaultBackbone).isNotNull();
    AnnotateCommand annotate = command("annotate");
    assertThat(annotate.engines).isSameAs(train.engines); // one graph per command line
  }

  @Test
  void picocliOwnCommandsStillComeFromPicocli() {
    assertThat(cli.getSubcommands())
        .containsKeys("help", "import", "train", "eval", "predict", "annotate", "export", "serve");
    Object help = cli.getSubcommands().get("help").getCommand();
    assertThat(help).isInstanceOf(CommandLine.HelpCommand.class);
  }

  @Test
  void aModuleThatCannotJoinTheGraphIsOneLineAndExitCode2NotAStackTrace() throws IOException {
    Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
    Files.writeString(
        services.resolve("org.mtc.core.inject.MtcModule"), "org.mtc.gone.GoneModule\n");
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader stale = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, before)) {
      thread.setContextClassLoader(
          stale); // ServiceLoader reads the thread's context class loader, as on a class path
      CommandLineTest.Result r = CommandLineTest.mtc("", "import", "--list");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err())
          .startsWith("mtc: a module listed in META-INF/services/org.mtc.core.inject.MtcModule")
          .contains("org.mtc.gone.GoneModule")
          .doesNotContain("\tat ");
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
