package org.mtc.tasks.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.mtc.core.Backbone;
import org.mtc.core.BackboneInfo;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.Pooling;
import org.mtc.core.StepOutcome;
import org.mtc.core.TrainingPass;
import org.mtc.core.engine.BackboneFactory;
import org.mtc.core.engine.BackboneSpec;
import org.mtc.core.engine.Engines;
import org.mtc.core.inject.MtcModule;
import org.mtc.core.io.FloatTensor;
import org.mtc.core.io.Safetensors;

/**
 * A savable variant of core's HashingBackbone for trainer and model-directory tests (the core
 * fixture cannot save): the mean of a learned vector per hashed lower-cased word, updated by plain
 * SGD. Saves {@code model.safetensors} with one tensor {@code table [buckets, hidden]}; {@link
 * Factory} opens it as engine {@code toy}. Deterministic for a seed. Sentence pairs: the context's
 * words count as distinct words (prefixed {@code ctx_}) added to the text's; {@link #singlePasses}
 * and {@link #pairPasses} count encoder calls.
 */
public final class ToyBackbone implements Backbone {
  public static final String ENGINE = "toy";
  private final float[][] table;
  private final float[][] grad;
  private final boolean trainable;
  private final Path directory;

  /** Encoder calls over texts alone, and over pairs with at least one context. */
  public final AtomicInteger singlePasses = new AtomicInteger();

  public final AtomicInteger pairPasses = new AtomicInteger();

  /**
   * Backward passes so far; the one numbered {@link #poisonedBackward} (1-based) adds a NaN
   * gradient.
   */
  public final AtomicInteger backwards = new AtomicInteger();

  public volatile int poisonedBackward;

  /** Rows encoded as pairs by {@link #encode}, over all calls. */
  public final AtomicInteger pairRows = new AtomicInteger();

  public ToyBackbone(int hidden, int buckets, long seed, boolean trainable) {
    this(random(hidden, buckets, seed), trainable, Path.of("."));
  }

  private ToyBackbone(float[][] table, boolean trainable, Path directory) {
    this.table = table;
    this.grad = new float[table.length][table[0].length];
    this.trainable = trainable;
    this.directory = directory;
  }

  /** Engines knowing only the toy engine. */
  public static Engines engines() {
    return Engines.of(List.of(MtcModule.engine(ENGINE, Factory.class)));
  }

  private static float[][] random(int hidden, int buckets, long seed) {
    Random r = new Random(seed);
    float[][] t = new float[buckets][hidden];
    for (float[] row : t) {
      for (int j = 0; j < hidden; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return t;
  }

  @Override
  public BackboneInfo info() {
    return new BackboneInfo(
        ENGINE,
        "bert",
        table[0].length,
        0,
        512,
        Pooling.MEAN,
        (long) table.length * table[0].length,
        directory);
  }

  private int[] ids(String text) {
    return Arrays.stream(text.toLowerCase(Locale.ROOT).split("\\W+"))
        .filter(w -> !w.isEmpty())
        .mapToInt(w -> Math.floorMod(w.hashCode(), table.length))
        .toArray();
  }

  @Override
  public float[][] encode(List<Input> inputs) {
    Input.checkBatch(inputs);
    if (!Input.anyContext(inputs)) {
      singlePasses.incrementAndGet();
      return pooled(Input.texts(inputs));
    }
    pairPasses.incrementAndGet();
    pairRows.addAndGet(inputs.size());
    return pooled(joined(inputs));
  }

  /** The text's words plus the context's, each prefixed ctx_ (distinct buckets). */
  static List<String> joined(List<Input> inputs) {
    List<String> out = new ArrayList<>();
    for (Input in : inputs) {
      StringBuilder b = new StringBuilder(in.text());
      for (String w : in.context().split("\\W+")) {
        if (!w.isEmpty()) {
          b.append(" ctx_").append(w);
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  @Override
  public int[] tokenCounts(List<Input> inputs) {
    return Backbone.super.tokenCounts(Input.ofTexts(joined(inputs)));
  }

  @Override
  public TrainingPass forwardForTraining(List<Input> inputs) {
    Input.checkBatch(inputs);
    if (!Input.anyContext(inputs)) {
      singlePasses.incrementAndGet();
      return pass(Input.texts(inputs));
    }
    pairPasses.incrementAndGet();
    return pass(joined(inputs));
  }

  private synchronized float[][] pooled(List<String> texts) {
    int hidden = table[0].length;
    float[][] out = new float[texts.size()][hidden];
    for (int i = 0; i < texts.size(); i++) {
      int[] ids = ids(texts.get(i));
      for (int id : ids) {
        for (int j = 0; j < hidden; j++) {
          out[i][j] += table[id][j] / ids.length;
        }
      }
    }
    return out;
  }

  @Override
  public boolean trainable() {
    return trainable;
  }

  private TrainingPass pass(List<String> texts) {
    if (!trainable) {
      throw new MtcException("frozen toy backbone");
    }
    float[][] pooled = pooled(texts);
    return new TrainingPass() {
      @Override
      public float[][] pooled() {
        return pooled;
      }

      @Override
      public void backward(float[][] upstream) {
        if (backwards.incrementAndGet() == poisonedBackward) {
          grad[0][0] = Float.NaN;
        }
        for (int i = 0; i < texts.size(); i++) {
          int[] ids = ids(texts.get(i));
          for (int id : ids) {
            for (int j = 0; j < upstream[i].length; j++) {
              grad[id][j] += upstream[i][j] / ids.length;
            }
          }
        }
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Skips the step when the gradient norm is not finite, as every real engine does (AdamWPolicy).
   */
  @Override
  public synchronized StepOutcome applyGradients(double learningRate) {
    double squares = 0;
    for (float[] row : grad) {
      for (float g : row) {
        squares += (double) g * g;
      }
    }
    double norm = Math.sqrt(squares);
    boolean skip = !Double.isFinite(norm);
    for (int b = 0; b < table.length; b++) {
      for (int j = 0; j < table[b].length; j++) {
        if (!skip) {
          table[b][j] -= (float) (learningRate * grad[b][j]);
        }
        grad[b][j] = 0;
      }
    }
    return skip ? StepOutcome.skipped(norm, "the toy encoder") : StepOutcome.taken(norm);
  }

  @Override
  public synchronized void save(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MtcException("cannot create " + dir, e);
    }
    Safetensors.write(dir.resolve("model.safetensors"), Map.of("table", FloatTensor.of(table)));
  }

  @Override
  public void close() {}

  /** Opens a saved toy backbone; trainable unless the spec freezes it. */
  public static final class Factory implements BackboneFactory {
    @Override
    public Backbone open(BackboneSpec spec) {
      Path file = spec.directory().resolve("model.safetensors");
      if (!Files.isRegularFile(file)) {
        throw new MtcException(
            "backbone directory " + spec.directory() + " has no model.safetensors");
      }
      FloatTensor t = Safetensors.read(file).get("table");
      return new ToyBackbone(t.toMatrix(), !spec.fineTuning().frozen(), spec.directory());
    }
  }
}
