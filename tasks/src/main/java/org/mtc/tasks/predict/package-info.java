/**
 * Prediction and evaluation over a model: {@link org.mtc.tasks.predict.Classifier} (a model
 * directory or an exported graph, opened by {@code Mtc.open}), {@link
 * org.mtc.tasks.predict.Predictor} (texts in, labels and probabilities out) and {@link
 * org.mtc.tasks.predict.Evaluator} (metrics on labelled examples, for any classifier). Thread-safe
 * when the model's inference is; they hold no state between calls.
 */
package org.mtc.tasks.predict;
