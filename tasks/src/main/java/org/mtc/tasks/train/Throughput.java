package org.mtc.tasks.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Training throughput over the time spent in optimisation steps (evaluation and saving excluded),
 * and its share of the machine's fp32 matmul rate (the training roofline). Training costs about 6
 * flops per parameter per token (2 forward, 4 backward), counted over the transformer layers'
 * parameters (embeddings are lookups, not products): {@code 6 × parameters × tokens / seconds}. On
 * padded tokens that is the work the engine did; on real tokens, the useful part of it. Immutable.
 *
 * @param examples training examples seen
 * @param realTokens tokens of those examples
 * @param paddedTokens tokens the encoder computed (each batch padded to its longest text)
 * @param seconds time in optimisation steps
 * @param matmulGflops the machine's fp32 matmul rate in GFLOP/s, or 0 when not measured
 * @param transformerParameters parameters of the encoder's transformer layers (embeddings
 *     excluded), or 0
 */
public record Throughput(
    long examples,
    long realTokens,
    long paddedTokens,
    double seconds,
    double matmulGflops,
    long transformerParameters) {

  public double examplesPerSecond() {
    return examples / Math.max(1e-9, seconds);
  }

  public double realTokensPerSecond() {
    return realTokens / Math.max(1e-9, seconds);
  }

  public double paddedTokensPerSecond() {
    return paddedTokens / Math.max(1e-9, seconds);
  }

  /** Share of computed tokens that are padding. */
  public double paddingShare() {
    return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
  }

  /** Achieved training GFLOP/s counting padded tokens. */
  public double gflopsPadded() {
    return 6.0 * transformerParameters * paddedTokensPerSecond() / 1e9;
  }

  /**
   * Share of the matmul rate reached on padded tokens; NaN when the rate was not measured, or when
   * training ran faster than the probe's rate ({@link #probeTooLow}), which no share can mean.
   */
  public double rooflineSharePadded() {
    return measured() && !probeTooLow() ? gflopsPadded() / matmulGflops : Double.NaN;
  }

  /** Share of the matmul rate spent on real tokens; NaN where {@link #rooflineSharePadded} is. */
  public double rooflineShareReal() {
    return measured() && !probeTooLow()
        ? 6.0 * transformerParameters * realTokensPerSecond() / 1e9 / matmulGflops
        : Double.NaN;
  }

  /**
   * Whether training reached more than the matmul rate the probe read: the probe ran while the
   * machine was busy (it read 15 GFLOP/s once where a quiet machine gives over 80), so the rate is
   * too low to compare with.
   */
  public boolean probeTooLow() {
    return measured() && gflopsPadded() > matmulGflops;
  }

  private boolean measured() {
    return matmulGflops > 0 && transformerParameters > 0;
  }

  /** A copy with more work added. */
  Throughput plus(long moreExamples, long moreReal, long morePadded, double moreSeconds) {
    return new Throughput(
        examples + moreExamples,
        realTokens + moreReal,
        paddedTokens + morePadded,
        seconds + moreSeconds,
        matmulGflops,
        transformerParameters);
  }

  /** One log line: rates, padding and the roofline shares. */
  public String line() {
    String roofline =
        probeTooLow()
            ? String.format(
                Locale.ROOT,
                "; %.1f GFLOP/s, more than the %.1f GFLOP/s matmul rate the probe read: the machine was "
                    + "busy while it probed, so no roofline share is given (probe again on a quiet machine)",
                gflopsPadded(),
                matmulGflops)
            : Double.isNaN(rooflineSharePadded())
                ? ""
                : String.format(
                    Locale.ROOT,
                    "; %.1f GFLOP/s = %.0f%% of the %.1f GFLOP/s matmul rate (padded tokens), %.0f%% on real tokens",
                    gflopsPadded(),
                    100 * rooflineSharePadded(),
                    matmulGflops,
                    100 * rooflineShareReal());
    return String.format(
        Locale.ROOT,
        "%.1f examples/s, %.0f real tokens/s, %.0f padded tokens/s (%.0f%% padding)%s",
        examplesPerSecond(),
        realTokensPerSecond(),
        paddedTokensPerSecond(),
        100 * paddingShare(),
        roofline);
  }

  /** The figures as {@code metrics.json} records them. */
  public void writeTo(ObjectNode node) {
    node.put("examples", examples)
        .put("real_tokens", realTokens)
        .put("padded_tokens", paddedTokens)
        .put("seconds", seconds)
        .put("examples_per_second", examplesPerSecond())
        .put("real_tokens_per_second", realTokensPerSecond())
        .put("padded_tokens_per_second", paddedTokensPerSecond())
        .put("padding_share", paddingShare());
    if (measured()) {
      node.put("transformer_parameters", transformerParameters)
          .put("matmul_gflops", matmulGflops)
          .put("training_gflops_padded", gflopsPadded());
    }
    if (probeTooLow()) {
      node.put("roofline_probe_too_low", true);
    } else if (measured()) {
      node.put("roofline_share_padded", rooflineSharePadded())
          .put("roofline_share_real", rooflineShareReal());
    }
  }
}
