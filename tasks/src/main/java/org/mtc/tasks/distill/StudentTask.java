package org.mtc.tasks.distill;

import java.util.List;
import org.mtc.core.TaskKind;
import org.mtc.tasks.data.Example;

/**
 * One task of a distilled run as its teacher's predictions are made for it.
 *
 * @param name the task
 * @param kind its kind, which turns the teacher's outputs into target rows
 * @param labels the student head's labels, in output order: a teacher must give the same
 * @param train the run's training examples of the task (the inputs the teacher predicts)
 */
public record StudentTask(String name, TaskKind kind, List<String> labels, List<Example> train) {
  public StudentTask {
    labels = List.copyOf(labels);
    train = List.copyOf(train);
  }
}
