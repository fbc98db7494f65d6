package org.mtc.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.mtc.core.task.TaskSet;
import picocli.CommandLine.Option;

/**
 * Which tasks of the set a command trains ({@code --only}), shared by {@code mtc train}, {@code mtc
 * bench} and {@code mtc bench backbones} (a picocli mixin). Filled by picocli, then read from one
 * thread.
 */
public final class TaskChoiceOption {
  @Option(
      names = "--only",
      split = ",",
      paramLabel = "TASK",
      description = "Only these tasks of the set.")
  List<String> only = new ArrayList<>();

  /** The tasks {@code --only} names, in the order given; empty when it was not given. */
  public List<String> only() {
    return List.copyOf(only);
  }

  /** The tasks of {@code set} that {@code --only} names, or all of them. */
  public TaskSet select(TaskSet set) {
    return only.isEmpty() ? set : set.only(new LinkedHashSet<>(only));
  }
}
