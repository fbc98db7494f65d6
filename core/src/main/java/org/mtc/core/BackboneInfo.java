package org.mtc.core;

import java.nio.file.Path;

/**
 * What an opened backbone is: reported in logs, metrics and the bench.
 *
 * @param engine the engine name ({@code djl}, {@code onnx}, {@code tf})
 * @param modelType {@code bert} or {@code distilbert}
 * @param hiddenSize width of the pooled vector
 * @param layers number of transformer layers
 * @param maxPositions the longest sequence the weights support (tokens, special tokens included)
 * @param pooling the resolved pooling (never AUTO)
 * @param parameterCount number of encoder parameters
 * @param directory the model directory it was opened from
 */
public record BackboneInfo(
    String engine,
    String modelType,
    int hiddenSize,
    int layers,
    int maxPositions,
    Pooling pooling,
    long parameterCount,
    Path directory) {}
