package org.mtc.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.mtc.core.MtcException;
import org.mtc.core.io.FloatTensor;
import org.mtc.onnx.graph.GraphBuilder;
import org.mtc.onnx.proto.Onnx.TensorProto;

/**
 * This machine's fp32 matrix-multiply rate, measured with ONNX Runtime (the same MLAS kernels and
 * thread pool as the onnx engine): {@code [m, k] x [k, n]} repeated, best of several runs, in
 * GFLOP/s ({@code 2 m k n} flops per product). Stateless.
 */
public final class MatmulRate {
  private MatmulRate() {}

  /**
   * GFLOP/s of {@code [m, k] x [k, n]} (MiniLM's FFN shape is {@code [4096, 384] x [384, 1536]} at
   * batch 32, length 128).
   *
   * @param intraOpThreads 0 for ONNX Runtime's default, as the engine uses
   */
  public static double gflops(int m, int k, int n, int repeats, int intraOpThreads) {
    Random r = new Random(1);
    float[] b = new float[k * n];
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    GraphBuilder g = new GraphBuilder("matmul");
    String a = g.input("a", TensorProto.DataType.FLOAT, m, k);
    g.output(
        g.opNamed(
            "c",
            "MatMul",
            new String[] {a, g.weight("b", new FloatTensor(new long[] {k, n}, b))},
            Map.of()),
        TensorProto.DataType.FLOAT,
        m,
        n);
    byte[] model = g.build("matmul rate", Map.of()).toByteArray();
    float[] x = new float[m * k];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      if (intraOpThreads > 0) {
        o.setIntraOpNumThreads(intraOpThreads);
      }
      try (OrtSession s = env.createSession(model, o);
          OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {m, k})) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats + 2; i++) {
          long t0 = System.nanoTime();
          s.run(Map.of("a", in)).close();
          double sec = (System.nanoTime() - t0) / 1e9;
          if (i >= 2) {
            best = Math.min(best, sec);
          }
        }
        return 2.0 * m * k * n / best / 1e9;
      }
    } catch (OrtException e) {
      throw new MtcException(
          "could not measure the matmul rate with ONNX Runtime: " + e.getMessage(), e);
    }
  }

  /**
   * Floating-point operations of one BERT encoder forward (matrix products only: Q, K, V, output
   * projections, the two feed-forward products and the two attention products), {@code 2} per
   * multiply-add.
   */
  public static double encoderFlops(int batch, int seq, int hidden, int intermediate, int layers) {
    double tokens = (double) batch * seq;
    double projections = 4 * 2 * tokens * hidden * hidden;
    double ffn = 2 * 2 * tokens * hidden * intermediate;
    double attention = 2 * 2 * (double) batch * seq * seq * hidden;
    return layers * (projections + ffn + attention);
  }
}
