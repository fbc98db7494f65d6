package org.mtc.bench.contention;

import java.util.List;
import java.util.Map;

/**
 * What one measuring JVM ({@link ContentionProbe}) does, written as JSON by the parent.
 *
 * @param engine djl, onnx or tf
 * @param backbone Hugging Face backbone directory
 * @param tasksFile task set (HOCON)
 * @param tasks tasks of the set to train and predict
 * @param dataDir task data folder
 * @param textsFile texts to predict (a TSV with a text column, or one text per line)
 * @param texts how many texts to predict (the first ones)
 * @param batch texts per prediction call
 * @param warmupSteps training steps run before the clock starts
 * @param trainSteps timed training steps
 * @param maxTrainPerTask training examples read per task (a seeded sample)
 * @param rounds rounds of (alone, busy) phases of each kind of work; the best phase of each is
 *     reported
 * @param maxSeconds time box of each timed phase: it ends early after this many seconds
 * @param settings {@code mtc.*} settings over the defaults (HOCON values as text)
 */
public record ProbePlan(
    String engine,
    String backbone,
    String tasksFile,
    List<String> tasks,
    String dataDir,
    String textsFile,
    int texts,
    int batch,
    int warmupSteps,
    int trainSteps,
    int maxTrainPerTask,
    int rounds,
    double maxSeconds,
    Map<String, String> settings) {}
