package org.mtc.tasks.train;

import java.util.Random;
import org.mtc.core.MtcException;

/**
 * Picks the task of each batch from the tasks' training-set sizes, by a {@link Sampling} strategy
 * and a seeded random source, so a seed repeats the sequence exactly. Not thread-safe (one trainer,
 * one sampler).
 */
public final class TaskSampler {
  private final Sampling sampling;
  private final double temperature;
  private final int epochs;
  private final long[] sizes;
  private final Random random;

  /**
   * @param sizes training examples per task, in task order; tasks of size 0 are never picked
   * @param epochs the number of epochs of the run (annealing goes from alpha 1 in the first to 0.2
   *     in the last)
   */
  public TaskSampler(Sampling sampling, double temperature, int epochs, long[] sizes, long seed) {
    this.sampling = sampling;
    this.temperature = temperature;
    this.epochs = Math.max(1, epochs);
    this.sizes = sizes.clone();
    this.random = new Random(seed);
  }

  /** The sampling probability of each task in epoch {@code epoch} (1-based); sums to 1. */
  public double[] probabilities(int epoch) {
    double exponent =
        switch (sampling) {
          case PROPORTIONAL -> 1.0;
          case UNIFORM -> 0.0;
          case ANNEALED ->
              epochs <= 1 ? 1.0 : 1.0 - 0.8 * (Math.min(epoch, epochs) - 1) / (double) (epochs - 1);
          case TEMPERATURE -> 1.0 / temperature;
        };
    double[] p = new double[sizes.length];
    double total = 0;
    for (int i = 0; i < sizes.length; i++) {
      p[i] = sizes[i] > 0 ? Math.pow(sizes[i], exponent) : 0;
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] = total > 0 ? p[i] / total : 0;
    }
    return p;
  }

  /**
   * Draws the tasks of steps {@code 1..steps} and forgets them, so that a resumed run continues the
   * sequence of an uninterrupted one.
   */
  public void skip(long steps, long stepsPerEpoch) {
    for (long s = 1; s <= steps; s++) {
      next((int) ((s - 1) / stepsPerEpoch) + 1);
    }
  }

  /** The index of the task of the next batch in epoch {@code epoch} (1-based). */
  public int next(int epoch) {
    double[] p = probabilities(epoch);
    double u = random.nextDouble();
    int last = -1;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        last = i;
        u -= p[i];
        if (u < 0) {
          return i;
        }
      }
    }
    if (last < 0) {
      throw new MtcException(
          "no task has training examples to sample from; check the train files of the task set "
              + "(or mtc.train.max-train-per-task)");
    }
    return last;
  }
}
