package org.mtc.core.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.mtc.core.Backbone;
import org.mtc.core.BackboneInfo;
import org.mtc.core.Input;
import org.mtc.core.Pooling;
import org.mtc.core.StepOutcome;
import org.mtc.core.TrainingPass;

/**
 * A tiny trainable backbone for tests that need no engine: the mean of a learned embedding per
 * hashed lower-cased word. Deterministic for a seed; updated with plain SGD. Reads single sentences
 * only (an input with a context is an error).
 */
public final class HashingBackbone implements Backbone {
  private final int hidden;
  private final int buckets;
  private final float[][] table;
  private final float[][] grad;
  private final boolean trainable;

  public HashingBackbone(int hidden, int buckets, long seed, boolean trainable) {
    this.hidden = hidden;
    this.buckets = buckets;
    this.trainable = trainable;
    this.table = new float[buckets][hidden];
    this.grad = new float[buckets][hidden];
    Random r = new Random(seed);
    for (float[] row : table) {
      for (int j = 0; j < hidden; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
  }

  @Override
  public BackboneInfo info() {
    return new BackboneInfo(
        "hashing", "bert", hidden, 0, 512, Pooling.MEAN, (long) buckets * hidden, Path.of("."));
  }

  private int[] ids(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).split("\\W+");
    return Arrays.stream(words)
        .filter(w -> !w.isEmpty())
        .mapToInt(w -> Math.floorMod(w.hashCode(), buckets))
        .toArray();
  }

  @Override
  public float[][] encode(List<Input> inputs) {
    return encodeTexts(Backbone.textsWithoutContext(this, inputs));
  }

  private synchronized float[][] encodeTexts(List<String> texts) {
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

  @Override
  public TrainingPass forwardForTraining(List<Input> inputs) {
    List<String> texts = Backbone.textsWithoutContext(this, inputs);
    float[][] pooled = encodeTexts(texts);
    return new TrainingPass() {
      @Override
      public float[][] pooled() {
        return pooled;
      }

      @Override
      public void backward(float[][] upstream) {
        for (int i = 0; i < texts.size(); i++) {
          int[] ids = ids(texts.get(i));
          for (int id : ids) {
            for (int j = 0; j < hidden; j++) {
              grad[id][j] += upstream[i][j] / ids.length;
            }
          }
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public synchronized StepOutcome applyGradients(double learningRate) {
    for (int b = 0; b < buckets; b++) {
      for (int j = 0; j < hidden; j++) {
        table[b][j] -= (float) (learningRate * grad[b][j]);
        grad[b][j] = 0;
      }
    }
    return StepOutcome.taken(0);
  }

  @Override
  public void save(Path directory) {
    throw new UnsupportedOperationException("the hashing test backbone is not saved");
  }

  @Override
  public void close() {}
}
