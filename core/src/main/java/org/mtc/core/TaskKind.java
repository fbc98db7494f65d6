package org.mtc.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Whether a task assigns exactly one label per text or any subset of its labels. */
public enum TaskKind {
  /** Softmax over the labels, cross-entropy loss, argmax decision. */
  SINGLE_LABEL("single-label"),
  /** Independent sigmoid per label, binary cross-entropy, per-label thresholds. */
  MULTI_LABEL("multi-label");

  private final String configName;

  TaskKind(String configName) {
    this.configName = configName;
  }

  /** The spelling used in task sets ({@code kind = multi-label}). */
  public String configName() {
    return configName;
  }

  public static TaskKind parse(String value, String where) {
    for (TaskKind k : values()) {
      if (k.configName.equals(value)) {
        return k;
      }
    }
    throw new MtcException(where + ": unknown task kind '" + value + "'; use one of "
        + Arrays.stream(values()).map(TaskKind::configName).collect(Collectors.joining(", ")));
  }
}
