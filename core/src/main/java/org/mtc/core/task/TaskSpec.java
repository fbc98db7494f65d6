package org.mtc.core.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.settings.Settings;

/**
 * One task of a task set, as declared in HOCON under {@code mtc.tasks.<name>} and merged over
 * {@code mtc.task-defaults}. Describes where the data is and how to read it; holds no data.
 *
 * @param name task name, also the head's name and the key in outputs
 * @param kind what kind of answer the task gives ({@link TaskKind#SINGLE_LABEL}, {@link
 *     TaskKind#MULTI_LABEL}, ...)
 * @param data folder of the splits, relative to the data directory unless absolute
 * @param train file of the training split inside {@code data} (no extension: {@code .tsv}, {@code
 *     .csv}, {@code .jsonl} are tried in order)
 * @param dev file of the dev split
 * @param test file of the test split
 * @param format {@code auto} (by extension), {@code tsv}, {@code csv} or {@code jsonl}
 * @param textColumn column (or JSON field) holding the text
 * @param contextColumn column (or JSON field) holding the dialog context read with the text as a
 *     sentence pair ({@code [CLS] context [SEP] text [SEP]}), such as the previous bot utterance;
 *     empty when the task has none
 * @param labelColumn column holding the label (single-label) or the joined labels (multi-label); by
 *     default the kind's {@link TaskKind#defaultLabelColumn()}
 * @param labelSeparator separator of labels inside one multi-label cell
 * @param labels declared labels in output order; empty means infer them (sorted) from the training
 *     split
 * @param where file:line of the task's declaration, for messages
 * @param dreamNames the task's names in DeepPavlov DREAM's annotator output ({@code mtc serve}'s
 *     {@code /model}), in the order given, e.g. {@code [deeppavlov_topics, cobot_topics]}: the task
 *     answers under each; empty when the task has none (it is then served under {@code name})
 */
public record TaskSpec(
    String name,
    TaskKind kind,
    String data,
    String train,
    String dev,
    String test,
    String format,
    String textColumn,
    String contextColumn,
    String labelColumn,
    String labelSeparator,
    List<String> labels,
    String where,
    List<String> dreamNames) {

  public TaskSpec {
    labels = List.copyOf(labels);
    Objects.requireNonNull(contextColumn, "contextColumn (\"\" for none)");
    dreamNames = dreamNames == null ? List.of() : List.copyOf(dreamNames);
    if (!name.matches("[A-Za-z0-9_\\-]+")) {
      throw new MtcException(
          where + ": task name '" + name + "' may only use letters, digits, '-' and '_'");
    }
  }

  /** Whether the task reads a context with each text ({@link #contextColumn} is set). */
  public boolean hasContext() {
    return !contextColumn.isEmpty();
  }

  /**
   * The names DREAM's annotator answers this task under, in order: {@link #dreamNames} when set,
   * else {@link #name} alone.
   */
  public List<String> servedNames() {
    return dreamNames.isEmpty() ? List.of(name) : dreamNames;
  }

  /**
   * This task with {@code newLabels} as its labels (e.g. those inferred from the training split).
   */
  public TaskSpec withLabels(List<String> newLabels) {
    return new TaskSpec(
        name,
        kind,
        data,
        train,
        dev,
        test,
        format,
        textColumn,
        contextColumn,
        labelColumn,
        labelSeparator,
        newLabels,
        where,
        dreamNames);
  }

  /** Declared labels, or empty when they are inferred from data. */
  public Optional<List<String>> declaredLabels() {
    return labels.isEmpty() ? Optional.empty() : Optional.of(labels);
  }

  /** The file name of {@code split} ({@code train}, {@code dev} or {@code test}). */
  public String splitFile(String split) {
    return switch (split) {
      case "train" -> train;
      case "dev" -> dev;
      case "test" -> test;
      default -> throw new MtcException("unknown split '" + split + "'; use train, dev or test");
    };
  }

  /**
   * Reads one merged task entry; {@code entry} is already merged over {@code mtc.task-defaults}.
   */
  static TaskSpec from(String name, Config entry, String where) {
    if (!entry.hasPath("data")) {
      throw new MtcException(
          where
              + ": task '"
              + name
              + "' has no `data = <folder>` (a folder under the data "
              + "directory with train/dev/test files)");
    }
    TaskKind kind =
        TaskKind.parse(entry.getString("kind"), where + " (mtc.tasks." + name + ".kind)");
    String labelColumn =
        entry.hasPath("label-column") ? entry.getString("label-column") : kind.defaultLabelColumn();
    return new TaskSpec(
        name,
        kind,
        entry.getString("data"),
        entry.getString("train"),
        entry.getString("dev"),
        entry.getString("test"),
        entry.getString("format"),
        entry.getString("text-column"),
        entry.hasPath("context-column") ? entry.getString("context-column") : "",
        labelColumn,
        entry.getString("label-separator"),
        entry.getStringList("labels"),
        where,
        dreamNames(name, entry));
  }

  /**
   * {@code dream-name}: absent or {@code null} (none), a string (one name) or a list of strings.
   *
   * @throws MtcException naming the setting's file:line for another type, an empty name or a name
   *     given twice
   */
  static List<String> dreamNames(String task, Config entry) {
    if (!entry.hasPath("dream-name")) {
      return List.of();
    }
    ConfigValue value = entry.getValue("dream-name");
    String at = Settings.where(value.origin()) + ": task '" + task + "': dream-name ";
    List<ConfigValue> items = value instanceof ConfigList list ? List.copyOf(list) : List.of(value);
    if (items.isEmpty()) {
      throw new MtcException(at + "is an empty list; leave it out or give a name");
    }
    List<String> names = new ArrayList<>();
    for (ConfigValue item : items) {
      if (item.valueType() != ConfigValueType.STRING) {
        throw new MtcException(
            at
                + "must be a name or a list of names (e.g. [deeppavlov_topics, cobot_topics]), got "
                + item.valueType().name().toLowerCase(Locale.ROOT)
                + " "
                + item.render());
      }
      String n = (String) item.unwrapped();
      if (n.isBlank()) {
        throw new MtcException(at + "has an empty name; give DREAM's head name");
      }
      if (names.contains(n)) {
        throw new MtcException(at + "gives '" + n + "' twice");
      }
      names.add(n);
    }
    return names;
  }
}
