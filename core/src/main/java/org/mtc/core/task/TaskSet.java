package org.mtc.core.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;
import org.mtc.core.settings.Settings;

/**
 * An ordered set of tasks sharing one encoder, read from {@code mtc.tasks} (each entry merged over
 * {@code mtc.task-defaults}). Order is the order of declaration in the file. Immutable and
 * thread-safe.
 */
public final class TaskSet {
  private final Map<String, TaskSpec> tasks;

  /**
   * @throws MtcException naming the file:line when a task is declared twice or two tasks answer
   *     DREAM under the same name ({@link TaskSpec#servedNames})
   */
  public TaskSet(Collection<TaskSpec> tasks) {
    this.tasks = new LinkedHashMap<>();
    Map<String, TaskSpec> served = new LinkedHashMap<>();
    for (TaskSpec t : tasks) {
      if (this.tasks.put(t.name(), t) != null) {
        throw new MtcException(t.where() + ": task '" + t.name() + "' is declared twice");
      }
      for (String n : t.servedNames()) {
        TaskSpec other = served.putIfAbsent(n, t);
        if (other != null) {
          throw new MtcException(
              t.where()
                  + ": task '"
                  + t.name()
                  + "' answers DREAM as '"
                  + n
                  + "', which task '"
                  + other.name()
                  + "' ("
                  + other.where()
                  + ") already answers as; give each task its own dream-name");
        }
      }
    }
  }

  /** The task set declared in merged settings. */
  public static TaskSet from(Config settings) {
    if (!settings.hasPath("mtc.tasks") || settings.getObject("mtc.tasks").isEmpty()) {
      throw new MtcException(
          "no tasks declared: give a task set file (e.g. --tasks conf/dream9.conf) with "
              + "mtc.tasks { name { data = ..., kind = single-label } }");
    }
    Config defaults = settings.getConfig("mtc.task-defaults");
    List<Map.Entry<String, ConfigValue>> entries =
        new ArrayList<>(settings.getObject("mtc.tasks").entrySet());
    entries.sort(
        Comparator.<Map.Entry<String, ConfigValue>>comparingInt(
                e -> e.getValue().origin().lineNumber())
            .thenComparing(Map.Entry::getKey));
    List<TaskSpec> specs = new ArrayList<>();
    for (var e : entries) {
      if (!(e.getValue() instanceof ConfigObject obj)) {
        throw new MtcException(
            Settings.where(e.getValue().origin())
                + ": task '"
                + e.getKey()
                + "' must be an object { data = ..., kind = ... }");
      }
      specs.add(
          TaskSpec.from(
              e.getKey(), obj.toConfig().withFallback(defaults), Settings.where(obj.origin())));
    }
    return new TaskSet(specs);
  }

  public List<TaskSpec> tasks() {
    return List.copyOf(tasks.values());
  }

  public List<String> names() {
    return List.copyOf(tasks.keySet());
  }

  public int size() {
    return tasks.size();
  }

  public TaskSpec task(String name) {
    TaskSpec t = tasks.get(name);
    if (t == null) {
      throw new MtcException(
          "unknown task '"
              + name
              + "'"
              + DidYouMean.suggest(name, tasks.keySet())
              + "; this task set has: "
              + String.join(", ", tasks.keySet()));
    }
    return t;
  }

  /**
   * The tasks named in {@code order}, in that order (a resumed run's recorded order: settings files
   * written back by mtc list tasks alphabetically, and the order decides task sampling and head
   * seeds).
   *
   * @throws MtcException naming a task the set does not have, with the tasks it has
   */
  public TaskSet inOrder(List<String> order) {
    List<TaskSpec> kept = new ArrayList<>();
    for (String n : order) {
      kept.add(task(n));
    }
    return new TaskSet(kept);
  }

  /** The subset named in {@code only}, in this set's order; every name must exist. */
  public TaskSet only(Set<String> only) {
    for (String n : only) {
      task(n);
    }
    List<TaskSpec> kept = new ArrayList<>();
    for (TaskSpec t : tasks.values()) {
      if (only.contains(t.name())) {
        kept.add(t);
      }
    }
    return new TaskSet(kept);
  }
}
