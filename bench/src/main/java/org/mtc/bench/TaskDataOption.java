package org.mtc.bench;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mtc.core.settings.Settings;
import org.mtc.tasks.data.DataDirectory;
import picocli.CommandLine.Option;

/**
 * The {@code --data-dir} of the bench commands that read their default texts from the task data
 * ({@code mtc bench contention}, {@code engines}, {@code serve}; a picocli mixin). Filled by
 * picocli, then read from one thread.
 */
final class TaskDataOption {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Task data folder (default ../shared/data).")
  Path dataDir;

  /**
   * The data folder: {@code --data-dir}, else the rule of {@link DataDirectory} on the defaults.
   */
  Path resolve() {
    return DataDirectory.resolve(
        Settings.load(List.of(), ConfigFactory.empty()), Optional.ofNullable(dataDir));
  }

  /**
   * The texts a bench reads when no {@code --texts} is given: the emotion test split of {@code
   * data}.
   */
  static Path defaultTexts(Path data) {
    return data.resolve("emotion").resolve("test.tsv");
  }
}
