package org.mtc.tasks.data;

import java.util.List;
import org.mtc.core.LabelSpace;
import org.mtc.core.MtcException;
import org.mtc.core.task.TaskSpec;

/**
 * The loaded splits of one task with the label space their label indices refer to. Splits that were
 * not requested, and a dev split whose file is absent, are empty lists. Immutable and thread-safe.
 *
 * @param spec the task as declared
 * @param labels the label space every {@link Example#labels()} indexes into
 * @param train training examples (possibly a seeded sample, see {@link TaskDataLoader})
 * @param dev dev examples
 * @param test test examples
 */
public record TaskData(
    TaskSpec spec, LabelSpace labels, List<Example> train, List<Example> dev, List<Example> test) {

  public TaskData {
    train = List.copyOf(train);
    dev = List.copyOf(dev);
    test = List.copyOf(test);
  }

  /** The examples of split {@code name}: {@code train}, {@code dev} or {@code test}. */
  public List<Example> split(String name) {
    return switch (name) {
      case "train" -> train;
      case "dev" -> dev;
      case "test" -> test;
      default ->
          throw new MtcException(
              "unknown split '" + name + "' of task '" + spec.name() + "'; use train, dev or test");
    };
  }
}
