package org.mtc.onnx;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.typesafe.config.Config;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Locale;
import java.util.Optional;
import org.mtc.core.MtcException;

/**
 * {@code mtc.backbone.onnx.*} (see this module's reference.conf). A new setting is a new component
 * and its line in {@link #from}; the copies ({@code withBatchSize(4)}, {@code with(b -> ...)}) come
 * from {@link OnnxSettingsBuilder}, which RecordBuilder writes at compile time.
 *
 * @param optimization ONNX Runtime graph optimisation level
 * @param intraOpThreads threads inside one operator; 0 for the runtime's default
 * @param interOpThreads threads across operators; 0 for the runtime's default
 * @param batchSize texts per encoder call
 * @param graph an ONNX file to run instead of the graph built from the weights; {@value #MINILM}
 *     for the original all-MiniLM-L6-v2 graph on the classpath
 * @param fused build the encoder on ONNX Runtime's fused transformer kernels (com.microsoft domain)
 * @param spin let idle pool threads spin (busy-wait) for more work instead of sleeping: slightly
 *     faster on an idle machine, much slower when another process wants the same cores ({@code
 *     session.intra_op.allow_spinning} and {@code session.inter_op.allow_spinning})
 */
@RecordBuilder
@RecordBuilder.Options(builderMode = RecordBuilder.BuilderMode.STANDARD_AND_STAGED)
public record OnnxSettings(
    OptLevel optimization,
    int intraOpThreads,
    int interOpThreads,
    int batchSize,
    Optional<String> graph,
    boolean fused,
    boolean spin)
    implements OnnxSettingsBuilder.With {
  public static final String MINILM = "minilm";
  public static final OnnxSettings DEFAULTS =
      OnnxSettingsBuilder.stagedBuilder()
          .optimization(OptLevel.ALL_OPT)
          .intraOpThreads(0)
          .interOpThreads(0)
          .batchSize(32)
          .graph(Optional.empty())
          .fused(true)
          .spin(false)
          .build();

  public OnnxSettings {
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new MtcException(
          "mtc.backbone.onnx: thread counts must be 0 (runtime default) or positive, got intra "
              + intraOpThreads
              + ", inter "
              + interOpThreads);
    }
    if (batchSize < 1) {
      throw new MtcException("mtc.backbone.onnx.batch-size must be at least 1, got " + batchSize);
    }
  }

  /** Reads the engine's subtree {@code mtc.backbone.onnx}; missing keys take the defaults. */
  public static OnnxSettings from(Config c) {
    String where = c.origin().description();
    return OnnxSettingsBuilder.stagedBuilder()
        .optimization(
            c.hasPath("optimization")
                ? level(c.getString("optimization"), where)
                : DEFAULTS.optimization())
        .intraOpThreads(c.hasPath("intra-op-threads") ? c.getInt("intra-op-threads") : 0)
        .interOpThreads(c.hasPath("inter-op-threads") ? c.getInt("inter-op-threads") : 0)
        .batchSize(c.hasPath("batch-size") ? c.getInt("batch-size") : DEFAULTS.batchSize())
        .graph(c.hasPath("graph") ? Optional.of(c.getString("graph")) : Optional.empty())
        .fused(c.hasPath("fused") ? c.getBoolean("fused") : DEFAULTS.fused())
        .spin(c.hasPath("spin") ? c.getBoolean("spin") : DEFAULTS.spin())
        .build();
  }

  static OptLevel level(String value, String where) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "disable", "none", "off" -> OptLevel.NO_OPT;
      case "basic" -> OptLevel.BASIC_OPT;
      case "extended" -> OptLevel.EXTENDED_OPT;
      case "all" -> OptLevel.ALL_OPT;
      default ->
          throw new MtcException(
              where
                  + ": mtc.backbone.onnx.optimization '"
                  + value
                  + "' is not one of disable, basic, extended, all");
    };
  }
}
