package org.mtc.tasks.distill;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.tasks.data.Example;

/**
 * The teachers' target rows for a run's training examples: per task with a teacher, each training
 * example's {@link org.mtc.core.TaskKind#teacherTarget} row (the teacher's probabilities softened
 * by the temperature), found by the example itself. {@link #prepare} reads them from the run's
 * {@link TeacherStore} when it is current and otherwise has the teachers predict them (and stores
 * them). Immutable once prepared; the rows must not be modified.
 */
public final class TeacherTargets {
  /** Inputs per teacher call, and between progress lines. */
  private static final int SLICE = 256;

  private final Map<String, Map<Example, float[]>> byTask;

  private TeacherTargets(Map<String, Map<Example, float[]>> byTask) {
    this.byTask = byTask;
  }

  /** The target row the teacher gives {@code example} of {@code task}; null when none. */
  public float[] target(String task, Example example) {
    Map<Example, float[]> rows = byTask.get(task);
    return rows == null ? null : rows.get(example);
  }

  /** The tasks that have a teacher. */
  public List<String> tasks() {
    return List.copyOf(byTask.keySet());
  }

  /**
   * Checks, before anything trains, that every teacher is for a task of the run, answers it, and
   * gives the task's labels in the same order.
   *
   * @param labels the run's tasks, each with its labels in output order
   * @throws MtcException naming the task, the teacher and the labels
   */
  public static void check(Map<String, List<String>> labels, Map<String, Teacher> teachers) {
    for (Map.Entry<String, Teacher> e : teachers.entrySet()) {
      String task = e.getKey();
      Teacher teacher = e.getValue();
      if (!labels.containsKey(task)) {
        throw new MtcException(
            "a teacher is given for task '"
                + task
                + "' ("
                + teacher.location()
                + "), but the run trains no such task; its tasks: "
                + String.join(", ", labels.keySet()));
      }
      Map<String, List<String>> taught = teacher.labels();
      if (!taught.containsKey(task)) {
        throw new MtcException(
            "the teacher of task '"
                + task
                + "', "
                + teacher.location()
                + ", does not answer that task; it answers "
                + String.join(", ", taught.keySet())
                + ". Give a model trained on '"
                + task
                + "'");
      }
      if (!taught.get(task).equals(labels.get(task))) {
        throw new MtcException(
            "the teacher of task '"
                + task
                + "', "
                + teacher.location()
                + ", gives the labels "
                + taught.get(task)
                + " but the task's labels are "
                + labels.get(task)
                + "; a teacher must give the task's labels in the same order (train it on the same label set)");
      }
    }
  }

  /**
   * The target rows of every task with a teacher: from the run's stores where they are current
   * (same teacher fingerprint and labels, every training input present), else predicted by the
   * teacher and stored. Says what it reuses or rebuilds, and why, through {@code say}; a teacher is
   * opened only when its predictions are needed and closed after its last task, so one teacher is
   * in memory at a time.
   *
   * @param runDir the run directory (stores go to {@code <run>/teachers})
   * @param temperature softens the teachers' outputs ({@link DistillSettings#temperature})
   */
  public static TeacherTargets prepare(
      List<StudentTask> tasks,
      Map<String, Teacher> teachers,
      double temperature,
      Path runDir,
      Consumer<String> say) {
    Map<String, List<String>> labels = new LinkedHashMap<>();
    tasks.forEach(t -> labels.put(t.name(), t.labels()));
    check(labels, teachers);
    Map<String, Map<Example, float[]>> byTask = new LinkedHashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      StudentTask task = tasks.get(i);
      Teacher teacher = teachers.get(task.name());
      if (teacher == null) {
        continue;
      }
      Map<InputKey, float[]> rows = rows(task, teacher, runDir, say);
      if (tasks.subList(i + 1, tasks.size()).stream()
          .noneMatch(t -> teachers.get(t.name()) == teacher)) {
        teacher.close(); // its last task: one teacher in memory at a time
      }
      Map<Example, float[]> targets = new IdentityHashMap<>();
      for (Example e : task.train()) {
        targets.put(e, task.kind().teacherTarget(rows.get(InputKey.of(e.input())), temperature));
      }
      byTask.put(task.name(), targets);
    }
    return new TeacherTargets(byTask);
  }

  /** The teacher's probabilities for every training input of {@code task}, by input. */
  private static Map<InputKey, float[]> rows(
      StudentTask task, Teacher teacher, Path runDir, Consumer<String> say) {
    String name = task.name();
    List<String> problems = new ArrayList<>();
    var stored = TeacherStore.read(runDir, name, problems::add);
    String why;
    if (stored.isEmpty()) {
      why = problems.isEmpty() ? "none stored yet" : String.join("; ", problems);
    } else if (!stored.get().fingerprint().equals(teacher.fingerprint())) {
      why = "the teacher changed (stored: " + stored.get().fingerprint() + ")";
    } else if (!stored.get().labels().equals(task.labels())) {
      why = "the stored labels " + stored.get().labels() + " are not the task's";
    } else {
      long missing =
          task.train().stream()
              .filter(e -> !stored.get().rows().containsKey(InputKey.of(e.input())))
              .count();
      if (missing == 0) {
        say.accept(
            String.format(
                Locale.ROOT,
                "teacher predictions for %s: %d training inputs, stored in %s (reused)",
                name,
                task.train().size(),
                TeacherStore.file(runDir, name)));
        return stored.get().rows();
      }
      why =
          missing
              + " of "
              + task.train().size()
              + " training inputs are not stored (the data changed)";
    }
    say.accept(
        "teacher predictions for "
            + name
            + ": predicting on "
            + teacher.location()
            + " ("
            + why
            + ")");
    Map<InputKey, float[]> rows = predict(task, teacher, say);
    TeacherStore.write(runDir, name, teacher, task.labels(), rows);
    return rows;
  }

  private static Map<InputKey, float[]> predict(
      StudentTask task, Teacher teacher, Consumer<String> say) {
    Map<InputKey, Input> distinct = new LinkedHashMap<>();
    task.train().forEach(e -> distinct.putIfAbsent(InputKey.of(e.input()), e.input()));
    List<InputKey> keys = new ArrayList<>(distinct.keySet());
    List<Input> inputs = new ArrayList<>(distinct.values());
    Map<InputKey, float[]> rows = new HashMap<>(inputs.size() * 2);
    long start = System.nanoTime();
    long said = start;
    for (int from = 0; from < inputs.size(); from += SLICE) {
      int to = Math.min(inputs.size(), from + SLICE);
      float[][] p = teacher.probabilities(task.name(), inputs.subList(from, to));
      for (int i = from; i < to; i++) {
        checkRow(task, teacher, p[i - from], inputs.get(i));
        rows.put(keys.get(i), p[i - from]);
      }
      long now = System.nanoTime();
      if (now - said > 20e9 || to == inputs.size()) {
        double seconds = (now - start) / 1e9;
        say.accept(
            String.format(
                Locale.ROOT,
                "teacher predictions for %s: %d/%d inputs, %.0f/s, %.0f s",
                task.name(),
                to,
                inputs.size(),
                to / Math.max(seconds, 1e-9),
                seconds));
        said = now;
      }
    }
    return rows;
  }

  private static void checkRow(StudentTask task, Teacher teacher, float[] row, Input input) {
    if (row.length != task.labels().size()) {
      throw new MtcException(
          "the teacher of task '"
              + task.name()
              + "', "
              + teacher.location()
              + ", gave "
              + row.length
              + " probabilities for \""
              + input.text()
              + "\"; the task has "
              + task.labels().size()
              + " labels");
    }
    for (float v : row) {
      if (!(v >= 0 && v <= 1)) {
        throw new MtcException(
            "the teacher of task '"
                + task.name()
                + "', "
                + teacher.location()
                + ", gave the probability "
                + v
                + " for \""
                + input.text()
                + "\"; a teacher's outputs must be probabilities in [0, 1]");
      }
    }
  }
}
