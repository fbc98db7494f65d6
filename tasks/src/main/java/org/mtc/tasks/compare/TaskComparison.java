package org.mtc.tasks.compare;

/**
 * Multitask vs single-task on one task's test examples, paired (the same examples for both).
 * Immutable.
 *
 * @param task the task
 * @param n test examples
 * @param multitaskAccuracy accuracy of the multitask model (exact match for a multi-label task)
 * @param singleTaskAccuracy accuracy of the single-task model
 * @param accuracy the accuracy difference with its paired-bootstrap interval
 * @param multitaskMacroF1 macro-F1 of the multitask model
 * @param singleTaskMacroF1 macro-F1 of the single-task model
 * @param macroF1 the macro-F1 difference with its paired-bootstrap interval
 */
public record TaskComparison(
    String task,
    int n,
    double multitaskAccuracy,
    double singleTaskAccuracy,
    Interval accuracy,
    double multitaskMacroF1,
    double singleTaskMacroF1,
    Interval macroF1) {}
