/**
 * The engine-free contract every module builds on: the shared encoder ({@link
 * org.mtc.core.Backbone}, pooled vectors {@code [batch, hidden]}, a {@link
 * org.mtc.core.TrainingPass} for fine-tuning), task heads ({@link org.mtc.core.TaskHead}), label
 * spaces, task kinds, pooling and the one error type {@link org.mtc.core.MtcException}. No ML
 * engine may appear here (the build's enforcer bans them). Thread-safety: inference ({@code
 * encode}, {@code probabilities}) may run from many threads while nobody trains; training is
 * single-threaded; value types are immutable.
 */
package org.mtc.core;
