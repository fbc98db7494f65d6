package org.mtc.core;

import org.mtc.core.settings.ConfigEnum;

/**
 * Whether a task assigns exactly one label per text or any subset of its labels. Spelled in task sets as
 * {@link #configName()} ({@code kind = multi-label}).
 */
public enum TaskKind implements ConfigEnum {
  /** Softmax over the labels, cross-entropy loss, argmax decision. */
  SINGLE_LABEL,
  /** Independent sigmoid per label, binary cross-entropy, per-label thresholds. */
  MULTI_LABEL;

  /** Parses a task set's {@code kind}; {@code where} (file:line and key) starts the error message. */
  public static TaskKind parse(String value, String where) {
    return ConfigEnum.parse(TaskKind.class, value, where + ": unknown task kind '" + value + "'");
  }
}
