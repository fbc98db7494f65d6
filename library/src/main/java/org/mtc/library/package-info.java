/**
 * The one way in for Java code: {@link org.mtc.library.Mtc#open} opens a trained model directory or
 * an exported {@code .onnx} graph as a {@link org.mtc.library.Classifier} with typed predictions,
 * configured by {@link org.mtc.library.MtcOptions}; {@link org.mtc.library.DefaultBackbone} is the
 * rule, shared by {@code mtc train} and {@code mtc bench}, that picks the backbone to train on. A
 * classifier is frozen and thread-safe; options are immutable.
 */
package org.mtc.library;
