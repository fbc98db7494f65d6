package org.mtc.bench.backbones;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mtc.tasks.compare.Interval;

/**
 * What {@code mtc bench backbones} measured: one {@link BackboneRow} per backbone in the order
 * given, and each backbone's mean test accuracy minus the baseline's (the first backbone that has
 * scores) with its 95% paired bootstrap interval over the same test examples. Immutable.
 *
 * @param command the command line as run
 * @param rows one per backbone, in the order given (failed ones included)
 * @param baseline the backbone the others are compared with, if any has scores
 * @param versusBaseline backbone name to its mean accuracy minus the baseline's (fraction; 0.01 is
 *     one point)
 * @param tasks the tasks scored
 * @param notes settings and caveats worth printing with the numbers
 * @param wallSeconds the whole run
 */
public record Leaderboard(
    String command,
    List<BackboneRow> rows,
    Optional<String> baseline,
    Map<String, Interval> versusBaseline,
    List<String> tasks,
    List<String> notes,
    double wallSeconds) {

  public Leaderboard {
    rows = List.copyOf(rows);
    versusBaseline = Map.copyOf(versusBaseline);
    tasks = List.copyOf(tasks);
    notes = List.copyOf(notes);
  }

  /** The rows with scores, best mean accuracy first, then the failed ones in the order given. */
  public List<BackboneRow> ranked() {
    return rows.stream()
        .sorted(
            Comparator.comparing((BackboneRow r) -> !r.ok())
                .thenComparing(r -> r.ok() ? -r.meanAccuracy() : 0))
        .toList();
  }

  /** The baseline's row. */
  public Optional<BackboneRow> baselineRow() {
    return baseline.flatMap(b -> rows.stream().filter(r -> r.backbone().equals(b)).findFirst());
  }
}
