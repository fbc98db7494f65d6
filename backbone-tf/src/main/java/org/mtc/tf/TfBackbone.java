package org.mtc.tf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mtc.core.FineTuning;
import org.mtc.core.HiddenStatesBackbone;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.SentencePair;
import org.mtc.core.StepOutcome;
import org.mtc.core.TrainingPass;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.model.EncoderLayout;
import org.mtc.core.model.HfBackboneDirectory;
import org.mtc.tokenizers.DirectoryBackbone;
import org.mtc.tokenizers.LengthBatches;
import org.mtc.tokenizers.PaddedRows;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A BERT or DistilBERT encoder on TensorFlow Java (graph mode), opened from a Hugging Face layout
 * directory by {@link TfBackboneFactory}. {@link #encode} returns pooled vectors {@code [texts,
 * hidden]}; a training pass back-propagates an upstream gradient {@code [batch, hidden]} into the
 * variables the spec's {@link FineTuning} makes trainable (all, the top k layers, or none), and
 * {@link #applyGradients} takes one AdamW step in the graph.
 *
 * <p>Thread-safety: {@link #encode}, {@link #hiddenStates} and {@link #save} may run concurrently
 * (a read lock); training is single-threaded and excludes inference while weights change (a write
 * lock). The backbone owns its graph, session and tokenizer; whoever opened it closes it.
 *
 * <p>Cost: a training pass runs the forward graph twice (once for {@link TrainingPass#pooled}, once
 * inside the gradient run of {@link TrainingPass#backward}; TF Java has no partial runs), so a step
 * costs about two forwards and a backward.
 */
public final class TfBackbone extends DirectoryBackbone implements HiddenStatesBackbone {
  /** Texts per encoder run inside {@link #encode}. */
  static final int CHUNK = 64;

  private final Graph graph;
  private final Session session;
  private final EncoderGraph encoder;
  private final GraphAdamW optimizer; // null when frozen
  private final long parameterCount;
  private final long seed;
  private long passes;

  TfBackbone(BackboneSpec spec, ConfigProto sessionConfig) {
    super(TfEnginePlugin.ENGINE, "the TF backbone", spec);
    this.seed = spec.seed();
    EncoderLayout layout = new EncoderLayout(config);
    Map<String, FloatTensor> weights = layout.load(directory.weights());
    this.parameterCount = weights.values().stream().mapToLong(t -> t.data().length).sum();
    this.graph = new Graph();
    try {
      this.encoder =
          new EncoderGraph(graph, config, layout.expectedShapes(), pooling, (float) spec.dropout());
      List<String> trainable =
          GraphAdamW.trainableNames(encoder.names(), config.numHiddenLayers(), spec.fineTuning());
      this.optimizer =
          spec.fineTuning().frozen()
              ? null
              : new GraphAdamW(encoder, graph, spec.optimizer(), trainable);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    this.session = new Session(graph, sessionConfig);
    try {
      initialize(weights);
      openTokenizer(spec);
    } catch (RuntimeException e) {
      session.close();
      graph.close();
      throw e;
    }
  }

  private void initialize(Map<String, FloatTensor> weights) {
    List<Tensor> feeds = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (var e : weights.entrySet()) {
        TFloat32 t = Tensors.of(e.getValue());
        feeds.add(t);
        runner
            .feed(encoder.initializers.get(e.getKey()), t)
            .addTarget(encoder.assigns.get(e.getKey()));
      }
      try (Result r = runner.run()) {
        r.size();
      }
    } finally {
      feeds.forEach(Tensor::close);
    }
    if (optimizer != null) {
      optimizer.initialize(session);
    }
  }

  @Override
  protected long parameterCount() {
    return parameterCount;
  }

  @Override
  public float[][] encodeTokens(SentencePair.Batch rows) {
    return LengthBatches.map(
        rows, CHUNK, chunk -> run(PaddedRows.of(chunk), encoder.pooled, null).toMatrix());
  }

  @Override
  public float[][][] hiddenStates(SentencePair.Batch rows) {
    PaddedRows p = PaddedRows.of(rows);
    return p.unflatten(run(p, encoder.hidden, null).data(), config.hiddenSize());
  }

  /**
   * Runs the graph up to {@code output} under the read lock (which a caller holding the write lock
   * may take).
   */
  private FloatTensor run(PaddedRows p, Operand<TFloat32> output, long[] dropoutSeed) {
    return lock.read(
        () -> {
          try (TInt64 ids = Tensors.of(p.ids(), p.batch(), p.seq());
              TInt64 types = Tensors.of(p.types(), p.batch(), p.seq());
              TFloat32 mask = Tensors.of(p.mask(), p.batch(), p.seq());
              TInt64 s = Tensors.of(dropoutSeed == null ? new long[2] : dropoutSeed, 2)) {
            Session.Runner runner =
                session
                    .runner()
                    .feed(encoder.ids, ids)
                    .feed(encoder.types, types)
                    .feed(encoder.mask, mask);
            if (dropoutSeed != null) {
              runner.feed(encoder.seed, s);
            }
            try (Result r = runner.fetch(output).run()) {
              return Tensors.toFloatTensor((TFloat32) r.get(0));
            }
          }
        });
  }

  @Override
  public boolean trainable() {
    return optimizer != null;
  }

  @Override
  public TrainingPass forwardForTraining(List<Input> inputs) {
    return forwardForTraining(() -> PaddedRows.of(tokenize(inputs)), inputs.isEmpty());
  }

  private TrainingPass forwardForTraining(Supplier<PaddedRows> tokens, boolean empty) {
    if (optimizer == null) {
      throw new MtcException(
          "the TF backbone of "
              + directory.path()
              + " is frozen (trainable-layers = frozen): "
              + "train the heads on encode() output, or set mtc.backbone.trainable-layers to all or a layer count");
    }
    if (empty) {
      throw new MtcException("forwardForTraining needs at least one text");
    }
    PaddedRows p = tokens.get();
    return lock.write(
        () -> {
          long[] passSeed = {seed, ++passes};
          return new TfTrainingPass(
              this, p, passSeed, run(p, encoder.trainPooled, passSeed).toMatrix());
        });
  }

  /**
   * Back-propagates {@code upstream} for the pass fed by {@code p} and {@code passSeed} (same
   * dropout masks).
   */
  void backward(PaddedRows p, long[] passSeed, float[] upstream, int hidden) {
    lock.write(
        () -> {
          try (TInt64 ids = Tensors.of(p.ids(), p.batch(), p.seq());
              TInt64 types = Tensors.of(p.types(), p.batch(), p.seq());
              TFloat32 mask = Tensors.of(p.mask(), p.batch(), p.seq());
              TInt64 s = Tensors.of(passSeed, 2);
              TFloat32 up = Tensors.of(upstream, p.batch(), hidden)) {
            optimizer.accumulate(
                session
                    .runner()
                    .feed(encoder.ids, ids)
                    .feed(encoder.types, types)
                    .feed(encoder.mask, mask)
                    .feed(encoder.seed, s)
                    .feed(optimizer.upstream, up));
          }
        });
  }

  @Override
  public StepOutcome applyGradients(double learningRate) {
    if (optimizer == null) {
      return StepOutcome.NOTHING;
    }
    return lock.write(() -> optimizer.step(session, learningRate));
  }

  /** The current weights as host copies, by Hugging Face name. */
  public Map<String, FloatTensor> snapshot() {
    return lock.read(
        () -> {
          Session.Runner runner = session.runner();
          List<String> names = encoder.names();
          names.forEach(n -> runner.fetch(encoder.reads.get(n)));
          Map<String, FloatTensor> out = new LinkedHashMap<>();
          try (Result r = runner.run()) {
            for (int i = 0; i < names.size(); i++) {
              out.put(names.get(i), Tensors.toFloatTensor((TFloat32) r.get(i)));
            }
          }
          return out;
        });
  }

  @Override
  public void save(Path target) {
    Map<String, FloatTensor> weights = snapshot();
    lock.read(
        () -> HfBackboneDirectory.write(target, weights, config, directory.tokenizer(), pooling));
  }

  @Override
  public void close() {
    lock.close(
        () -> {
          closeTokenizer();
          session.close();
          graph.close();
        });
  }
}
