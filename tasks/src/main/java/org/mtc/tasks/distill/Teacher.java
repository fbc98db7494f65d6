package org.mtc.tasks.distill;

import java.util.List;
import java.util.Map;
import org.mtc.core.Input;

/**
 * A trained model that teaches one or more tasks of a run: it gives its probabilities on the run's
 * training examples once, before the first step ({@link TeacherStore}). Implementations open the
 * model only when {@link #probabilities} is first called, so a run whose stored predictions are
 * current never loads it. Owned by whoever opened it; not thread-safe.
 */
public interface Teacher extends AutoCloseable {
  /** Where the teacher is (its directory or {@code .onnx}), for messages and the store's record. */
  String location();

  /**
   * SHA-256 over the teacher's files, hex: stored predictions made by another teacher (or by this
   * one before it changed) are rebuilt.
   */
  String fingerprint();

  /** The tasks the teacher answers, with each one's labels in output order. */
  Map<String, List<String>> labels();

  /**
   * The teacher's outputs for {@code task} on {@code inputs}, {@code [inputs, labels]}: a
   * distribution per row for a single-label task, one probability per label for a multi-label one.
   */
  float[][] probabilities(String task, List<Input> inputs);

  /** Releases the model, if it was opened. */
  @Override
  void close();
}
