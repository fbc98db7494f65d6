package org.mtc.onnx.importer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mtc.core.AdamWSettings;
import org.mtc.core.FineTuning;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.onnx.OnnxBackbone;
import org.mtc.onnx.OnnxBackboneFactory;

/**
 * The self-check of every ONNX import, run on the staged directory before it is renamed into place:
 * the imported backbone, opened with the onnx engine (which builds its own graph from {@code
 * model.safetensors}), must give the same pooled vectors {@code [texts, hidden]} as ONNX Runtime
 * running the original graph on the same token ids, within {@link #TOLERANCE}. A wrongly named,
 * transposed or misread weight, or a misread architecture (heads, epsilon, activation), fails it.
 * Stateless and thread-safe.
 */
public final class ImportParity {
  /** Largest accepted absolute difference of one pooled value (fp32). */
  public static final double TOLERANCE = 1e-4;

  /** The fixed sentences of the check: varied length, case and punctuation. */
  public static final List<String> SENTENCES =
      List.of(
          "The quick brown fox jumps over the lazy dog.",
          "I loved this film; the acting was wonderful!",
          "what time does the pharmacy close on sundays?",
          "Stocks fell sharply after the central bank raised interest rates by 0.5 points.",
          "ok");

  private ImportParity() {}

  /**
   * Checks {@code dir} against {@code originalOnnx} and returns the largest absolute difference.
   *
   * @param where names the original graph in the error message
   * @throws MtcException when the difference exceeds {@link #TOLERANCE} or the original graph does
   *     not run
   */
  public static double check(Path dir, byte[] originalOnnx, Pooling pooling, String where) {
    BackboneSpec spec =
        new BackboneSpec(
            dir,
            "onnx",
            pooling,
            128,
            FineTuning.FROZEN,
            new AdamWSettings(0.9, 0.99, 1e-6, 0.0, 1.0),
            0.0,
            42,
            ConfigFactory.empty());
    long[][] ids;
    float[][] imported;
    try (OnnxBackbone backbone = new OnnxBackboneFactory().open(spec)) {
      ids = backbone.tokenizer().ids(SENTENCES);
      imported = backbone.encode(Input.ofTexts(SENTENCES));
    }
    float[][] original = runOriginal(originalOnnx, ids, pooling, where);
    double max = 0;
    for (int t = 0; t < ids.length; t++) {
      if (original[t].length != imported[t].length) {
        throw new MtcException(
            "import check failed: "
                + where
                + " gives vectors of "
                + original[t].length
                + " values, the imported backbone "
                + imported[t].length
                + "; nothing was written");
      }
      for (int j = 0; j < original[t].length; j++) {
        max = Math.max(max, Math.abs((double) original[t][j] - imported[t][j]));
      }
    }
    if (!(max <= TOLERANCE)) {
      throw new MtcException(
          String.format(
              Locale.ROOT,
              "import check failed: the imported backbone "
                  + "differs from ONNX Runtime on %s by up to %.3g (tolerance %.0e, %s pooling, %d sentences); the graph "
                  + "is not read correctly (a weight or the architecture), so nothing was written",
              where,
              max,
              TOLERANCE,
              pooling,
              ids.length));
    }
    return max;
  }

  /** The original graph run one text at a time (no padding), its last hidden state pooled. */
  public static float[][] runOriginal(byte[] onnx, long[][] ids, Pooling pooling, String where) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[][] out = new float[ids.length][];
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(onnx, options)) {
      String output =
          session.getOutputNames().contains("last_hidden_state")
              ? "last_hidden_state"
              : session.getOutputNames().iterator().next();
      for (int t = 0; t < ids.length; t++) {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
          long[][] mask = {new long[ids[t].length]};
          Arrays.fill(mask[0], 1L);
          for (String name : session.getInputNames()) {
            long[][] value =
                switch (name) {
                  case "input_ids" -> new long[][] {ids[t]};
                  case "attention_mask" -> mask;
                  case "token_type_ids" -> new long[][] {new long[ids[t].length]};
                  default ->
                      throw new MtcException(
                          where
                              + " has input '"
                              + name
                              + "'; a BERT graph takes input_ids, "
                              + "attention_mask and token_type_ids");
                };
            inputs.put(name, OnnxTensor.createTensor(env, value));
          }
          try (OrtSession.Result r = session.run(inputs, Set.of(output))) {
            out[t] = pool(((float[][][]) r.get(0).getValue())[0], pooling);
          }
        } finally {
          inputs.values().forEach(OnnxTensor::close);
        }
      }
    } catch (OrtException e) {
      throw new MtcException(
          "import check: ONNX Runtime could not run " + where + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static float[] pool(float[][] hidden, Pooling pooling) {
    if (pooling == Pooling.CLS) {
      return hidden[0].clone();
    }
    float[] mean = new float[hidden[0].length];
    for (float[] token : hidden) {
      for (int h = 0; h < mean.length; h++) {
        mean[h] += token[h] / hidden.length;
      }
    }
    return mean;
  }
}
