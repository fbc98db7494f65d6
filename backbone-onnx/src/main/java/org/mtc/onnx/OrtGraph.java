package org.mtc.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;
import org.mtc.onnx.graph.EncoderGraph;
import org.mtc.tokenizers.PaddedRows;

/**
 * One ONNX Runtime session over a BERT-style graph with inputs {@code input_ids}, {@code
 * attention_mask} and optionally {@code token_type_ids} (int64 {@code [batch, seq]}). {@link #run}
 * pads a batch of token id rows to its longest row and returns the requested float outputs as flat
 * arrays with their shapes. The session is shared: {@link #run} is thread-safe (ONNX Runtime
 * sessions allow concurrent runs); {@link #close} must not race with runs (callers guard it). The
 * single process-wide {@link OrtEnvironment} is never closed.
 */
final class OrtGraph implements AutoCloseable {
  /** A float output: row-major values and shape. */
  record Output(float[] data, long[] shape) {}

  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean tokenTypes;
  private final String where;

  /**
   * @param model serialized ONNX model
   * @param where names the graph (a file, or "the encoder built from DIR") in error messages
   * @param requiredOutputs outputs the caller will ask for; any one of them missing is an error
   */
  OrtGraph(byte[] model, String where, OnnxSettings settings, Set<String> requiredOutputs) {
    this(
        where,
        settings,
        requiredOutputs,
        options -> OrtEnvironment.getEnvironment().createSession(model, options));
  }

  /**
   * As the byte constructor, ONNX Runtime reading {@code file} itself: the weights never pass the
   * Java heap.
   */
  OrtGraph(Path file, OnnxSettings settings, Set<String> requiredOutputs) {
    this(
        file.toString(),
        settings,
        requiredOutputs,
        options -> OrtEnvironment.getEnvironment().createSession(file.toString(), options));
  }

  private interface SessionOpener {
    OrtSession open(OrtSession.SessionOptions options) throws OrtException;
  }

  private OrtGraph(
      String where, OnnxSettings settings, Set<String> requiredOutputs, SessionOpener opener) {
    this.where = where;
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = sessionOptions(settings)) {
      this.session = opener.open(options);
    } catch (OrtException e) {
      throw new MtcException(
          "ONNX Runtime cannot load "
              + where
              + ": "
              + e.getMessage()
              + " (is it a complete, valid ONNX file?)",
          e);
    }
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      for (String in : List.of(EncoderGraph.INPUT_IDS, EncoderGraph.ATTENTION_MASK)) {
        if (!inputs.containsKey(in)) {
          throw new MtcException(
              where
                  + " has no input '"
                  + in
                  + "' (inputs: "
                  + inputs.keySet()
                  + "); mtc runs "
                  + "BERT-style graphs with inputs input_ids and attention_mask, int64 [batch, seq]");
        }
      }
      this.tokenTypes = inputs.containsKey(EncoderGraph.TOKEN_TYPE_IDS);
      if (inputs.size() != (tokenTypes ? 3 : 2)) {
        throw new MtcException(
            where
                + " has inputs "
                + inputs.keySet()
                + "; expected input_ids, attention_mask "
                + "and optionally token_type_ids");
      }
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      for (String out : requiredOutputs) {
        if (!outputs.containsKey(out)) {
          throw new MtcException(
              where + " has no output '" + out + "' (outputs: " + outputs.keySet() + ")");
        }
      }
    } catch (OrtException | RuntimeException e) {
      close();
      throw e instanceof MtcException m ? m : new MtcException(where + ": " + e.getMessage(), e);
    }
  }

  /** Allow spinning of the intra-op pool's idle threads (ONNX Runtime's default "1"). */
  static final String INTRA_OP_SPINNING = "session.intra_op.allow_spinning";

  /** Allow spinning of the inter-op pool's idle threads (ONNX Runtime's default "1"). */
  static final String INTER_OP_SPINNING = "session.inter_op.allow_spinning";

  /**
   * The session options of {@code settings}: optimisation level, thread counts and, unless {@code
   * spin}, idle pool threads that sleep instead of spinning (spinning workers steal the cores
   * another process needs, which slowed inference several times over on a loaded 2-core machine).
   * The caller closes the options.
   */
  static OrtSession.SessionOptions sessionOptions(OnnxSettings settings) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(settings.optimization());
      if (settings.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(settings.intraOpThreads());
      }
      if (settings.interOpThreads() > 0) {
        options.setInterOpNumThreads(settings.interOpThreads());
      }
      String spin = settings.spin() ? "1" : "0";
      options.addConfigEntry(INTRA_OP_SPINNING, spin);
      options.addConfigEntry(INTER_OP_SPINNING, spin);
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  /** Output names with their shapes as the graph declares them (-1 for symbolic dimensions). */
  Map<String, long[]> outputShapes() {
    Map<String, long[]> out = new LinkedHashMap<>();
    try {
      session
          .getOutputInfo()
          .forEach(
              (name, info) -> {
                if (info.getInfo() instanceof TensorInfo t) {
                  out.put(name, t.getShape());
                }
              });
    } catch (OrtException e) {
      throw new MtcException(where + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Runs one padded batch of {@code batch} (token ids and token types, unpadded) and returns the
   * requested outputs. The token types feed {@code token_type_ids} where the graph has it (BERT); a
   * graph without it (a DistilBERT encoder) has no token types to read.
   */
  Map<String, Output> run(SentencePair.Batch tokens, Set<String> outputs) {
    PaddedRows padded = PaddedRows.of(tokens);
    long[] shape = padded.shape();
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(
          EncoderGraph.INPUT_IDS,
          OnnxTensor.createTensor(env, LongBuffer.wrap(padded.ids()), shape));
      in.put(
          EncoderGraph.ATTENTION_MASK,
          OnnxTensor.createTensor(env, LongBuffer.wrap(padded.longMask()), shape));
      if (tokenTypes) {
        in.put(
            EncoderGraph.TOKEN_TYPE_IDS,
            OnnxTensor.createTensor(env, LongBuffer.wrap(padded.types()), shape));
      }
      try (OrtSession.Result result = session.run(in, outputs)) {
        Map<String, Output> out = new LinkedHashMap<>();
        for (String name : outputs) {
          OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
          FloatBuffer fb = t.getFloatBuffer();
          float[] data = new float[fb.remaining()];
          fb.get(data);
          out.put(name, new Output(data, t.getInfo().getShape()));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new MtcException(
          "ONNX Runtime failed running "
              + where
              + " on a batch of "
              + padded.batch()
              + " x "
              + padded.seq()
              + " tokens: "
              + e.getMessage(),
          e);
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new MtcException(
          "could not close the ONNX Runtime session of " + where + ": " + e.getMessage(), e);
    }
  }
}
