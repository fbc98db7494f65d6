package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtc.core.inject.Wiring;
import org.mtc.core.settings.Settings;
import org.mtc.core.task.TaskSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TrainingChoiceOptionsTest {
  @Command(name = "t")
  static final class Cmd {
    @Mixin TrainingChoiceOptions choice;
  }

  /**
   * Parsed as the command line does: picocli makes the mixin through the graph, which gives it the
   * default backbone.
   */
  private static TrainingChoiceOptions parse(String... args) {
    CommandLine cli = new CommandLine(Cmd.class, new InjectingFactory(Wiring.discover()));
    cli.parseArgs(args);
    Cmd cmd = cli.getCommand();
    return cmd.choice;
  }

  @Test
  void nothingGivenKeepsEveryTaskAndLeavesTheEngineToTheSettings() {
    TrainingChoiceOptions choice = parse();
    assertThat(choice.anyGiven()).isFalse();
    assertThat(choice.backbone()).isEmpty();
    Map<String, Object> values = new HashMap<>();
    choice.putEngine(values);
    assertThat(values).containsEntry("mtc.backbone.engine", null);
    TaskSet set =
        TaskSet.from(
            Settings.load(
                List.of(),
                ConfigFactory.parseString("mtc.tasks { a { data = a }, b { data = b } }")));
    assertThat(choice.select(set).names()).containsExactly("a", "b");
  }

  @Test
  void theOptionsSelectTasksBackboneAndEngine() {
    TrainingChoiceOptions choice = parse("--only", "b", "--backbone", "models/x", "--engine", "tf");
    assertThat(choice.anyGiven()).isTrue();
    assertThat(choice.backbone()).contains(Path.of("models/x"));
    assertThat(choice.backboneDirectory(ConfigFactory.empty(), n -> {}))
        .isEqualTo(Path.of("models/x"));
    Map<String, Object> values = new HashMap<>();
    choice.putEngine(values);
    assertThat(values).containsEntry("mtc.backbone.engine", "tf");
    TaskSet set =
        TaskSet.from(
            Settings.load(
                List.of(),
                ConfigFactory.parseString("mtc.tasks { a { data = a }, b { data = b } }")));
    assertThat(choice.select(set).names()).containsExactly("b");
  }
}
