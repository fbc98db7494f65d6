package org.mtc.tasks.train;

/**
 * DeepPavlov's plateau rules over a sequence of mean dev scores: an evaluation improves when its
 * score is strictly higher than the best so far; after {@code plateauPatience} evaluations without
 * improvement (counted since the best or the last halving) the learning rates are halved, at most
 * {@code maxHalvings} times; after {@code earlyStopPatience} evaluations without improvement since
 * the best, training stops. Not thread-safe.
 */
public final class PlateauSchedule {
  private final int plateauPatience;
  private final int maxHalvings;
  private final int earlyStopPatience;
  private double best = Double.NEGATIVE_INFINITY;
  private int sinceBest;
  private int sinceChange;
  private int halvings;

  public PlateauSchedule(int plateauPatience, int maxHalvings, int earlyStopPatience) {
    this.plateauPatience = plateauPatience;
    this.maxHalvings = maxHalvings;
    this.earlyStopPatience = earlyStopPatience;
  }

  public static PlateauSchedule of(TrainSettings s) {
    return new PlateauSchedule(s.plateauPatience(), s.maxLrHalvings(), s.earlyStopPatience());
  }

  /**
   * What one evaluation means for training.
   *
   * @param improved the mean dev score is the best so far (the checkpoint is replaced)
   * @param halved the learning rates were just halved
   * @param stop training should stop now
   * @param learningRateScale the factor on the configured learning rates from now on ({@code
   *     0.5^halvings})
   */
  public record Decision(
      boolean improved, boolean halved, boolean stop, double learningRateScale) {}

  /** Records the mean dev score of one evaluation. */
  public Decision record(double meanDevScore) {
    boolean improved = meanDevScore > best;
    boolean halved = false;
    if (improved) {
      best = meanDevScore;
      sinceBest = 0;
      sinceChange = 0;
    } else {
      sinceBest++;
      sinceChange++;
      if (sinceChange >= plateauPatience && halvings < maxHalvings) {
        halvings++;
        sinceChange = 0;
        halved = true;
      }
    }
    return new Decision(improved, halved, sinceBest >= earlyStopPatience, scale());
  }

  /** The best mean dev score so far (negative infinity before the first evaluation). */
  public double best() {
    return best;
  }

  /** Where the schedule stands, for a resumable checkpoint. */
  public record State(double best, int sinceBest, int sinceChange, int halvings) {}

  public State state() {
    return new State(best, sinceBest, sinceChange, halvings);
  }

  /** Continues from {@code s}, as the run that recorded it would. */
  public void restore(State s) {
    best = s.best();
    sinceBest = s.sinceBest();
    sinceChange = s.sinceChange();
    halvings = s.halvings();
  }

  public int halvings() {
    return halvings;
  }

  public double scale() {
    return Math.pow(0.5, halvings);
  }
}
