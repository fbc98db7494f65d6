package org.mtc.tasks.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mtc.core.MtcException;
import org.mtc.core.task.TaskSpec;

/** Turns the label cell of a row into label names. Stateless and thread-safe. */
final class LabelCells {
  private static final char[] SEPARATOR_LIKE = {',', ';', '|'};

  private LabelCells() {}

  /**
   * The label names in {@code cell}: the trimmed cell when the task's kind has exactly one label
   * per text (single-label; it must not be empty); else (multi-label) the trimmed non-empty parts
   * between {@link TaskSpec#labelSeparator()}s, without duplicates (an empty cell means no label).
   */
  static List<String> parse(String cell, TaskSpec spec, String where) {
    if (spec.kind().exactlyOneLabel()) {
      String label = cell.trim();
      if (label.isEmpty()) {
        throw emptyLabel(spec, where);
      }
      return List.of(label);
    }
    String separator = spec.labelSeparator();
    if (separator.isEmpty()) {
      String label = cell.trim();
      return label.isEmpty() ? List.of() : List.of(label);
    }
    List<String> labels = new ArrayList<>(2);
    int start = 0;
    while (start <= cell.length()) {
      int end = cell.indexOf(separator, start);
      if (end < 0) {
        end = cell.length();
      }
      String label = cell.substring(start, end).trim();
      checkNoOtherSeparator(label, spec, where);
      if (!label.isEmpty() && !labels.contains(label)) {
        labels.add(label);
      }
      start = end + separator.length();
    }
    return labels;
  }

  /**
   * A multi-label label that holds a separator-like character ({@code , ; |}) other than the task's
   * own separator is almost always labels joined with the wrong separator ({@code anger,curiosity}
   * read with {@code |}); it would silently become one label. Refused unless the task declares that
   * label.
   */
  private static void checkNoOtherSeparator(String label, TaskSpec spec, String where) {
    for (char c : SEPARATOR_LIKE) {
      if (label.indexOf(c) >= 0
          && !spec.labelSeparator().equals(String.valueOf(c))
          && !spec.labels().contains(label)) {
        throw new MtcException(
            where
                + ": multi-label cell '"
                + label
                + "' of task '"
                + spec.name()
                + "' contains '"
                + c
                + "' but the task's label-separator is '"
                + spec.labelSeparator()
                + "', so it would be read as the "
                + "single label \""
                + label
                + "\". Fix: set label-separator = \""
                + c
                + "\" in the task entry ("
                + spec.where()
                + "), or rejoin the labels with '"
                + spec.labelSeparator()
                + "'");
      }
    }
  }

  /**
   * Label names of a multi-label row given as a list (JSON array): trimmed, non-empty, without
   * duplicates.
   */
  static List<String> ofList(List<String> values) {
    Set<String> labels = new LinkedHashSet<>();
    for (String v : values) {
      String label = v.trim();
      if (!label.isEmpty()) {
        labels.add(label);
      }
    }
    return List.copyOf(labels);
  }

  static MtcException emptyLabel(TaskSpec spec, String where) {
    String kind = spec.kind().configName();
    return new MtcException(
        where
            + ": empty label in column '"
            + spec.labelColumn()
            + "' of "
            + kind
            + " task '"
            + spec.name()
            + "'; every row of a "
            + kind
            + " task needs exactly one label (fix the row, or declare the "
            + "task kind = multi-label if rows may have no label; task declared at "
            + spec.where()
            + ")");
  }
}
