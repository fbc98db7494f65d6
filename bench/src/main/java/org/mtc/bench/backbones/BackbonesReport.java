package org.mtc.bench.backbones;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mtc.core.io.AtomicFiles;
import org.mtc.tasks.compare.Interval;

/**
 * Writes a {@link Leaderboard} as {@code backbones.md} (ranked tables), {@code backbones.json} and
 * the charts of {@link BackboneCharts}. Stateless.
 */
public final class BackbonesReport {
  public static final String MARKDOWN = "backbones.md";
  public static final String JSON_FILE = "backbones.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private BackbonesReport() {}

  /** Writes every file into {@code dir}; returns the Markdown. */
  public static String write(Leaderboard board, Path dir) {
    List<String> charts = BackboneCharts.write(board, dir);
    String md = markdown(board, charts);
    AtomicFiles.writeString(dir.resolve(MARKDOWN), md);
    AtomicFiles.writeString(dir.resolve(JSON_FILE), json(board));
    return md;
  }

  static String markdown(Leaderboard board, List<String> charts) {
    StringBuilder s =
        new StringBuilder(
            "# Backbones: one multitask model per backbone, the same tasks and budget\n\n");
    s.append("`").append(board.command()).append("`\n\n");
    rankingTable(s, board);
    perTaskTable(s, board);
    s.append('\n');
    charts.forEach(c -> s.append("![").append(c).append("](").append(c).append(")\n\n"));
    s.append("## Notes\n\n");
    board.notes().forEach(n -> s.append("- ").append(n).append('\n'));
    s.append(
        String.format(
            Locale.ROOT,
            "- Wall time of this invocation: %.1f min (a resumed run counts only what it "
                + "ran).%n",
            board.wallSeconds() / 60));
    return s.toString();
  }

  /** The ranked table: one row per backbone, best first, failed backbones with their failure. */
  private static void rankingTable(StringBuilder s, Leaderboard board) {
    Optional<BackboneRow> base = board.baselineRow();
    boolean single = board.rows().stream().anyMatch(r -> !Double.isNaN(r.singleTaskMeanAccuracy()));
    s.append("| rank | backbone | layers × hidden | parameters | mean accuracy | mean macro-F1 |");
    base.ifPresent(b -> s.append(" vs ").append(b.backbone()).append(" (points, 95% CI) |"));
    if (single) {
      s.append(" single-task mean |");
    }
    s.append(" train examples/s | texts/s (all tasks) |");
    base.ifPresent(b -> s.append(" time vs ").append(b.backbone()).append(" |"));
    s.append(" peak RSS |\n|");
    int columns = 9 + (base.isPresent() ? 2 : 0) + (single ? 1 : 0);
    s.append("---|".repeat(columns)).append('\n');
    int rank = 0;
    for (BackboneRow r : board.ranked()) {
      if (!r.ok()) {
        s.append("| - | ")
            .append(r.backbone())
            .append(" | FAILED: ")
            .append(r.failure().replace('|', '/'))
            .append(" |")
            .append(" |".repeat(columns - 3))
            .append('\n');
        continue;
      }
      rankedRow(s, board, base, single, ++rank, r);
    }
  }

  /** The ranked table's row for a backbone that finished, ranked {@code rank}. */
  private static void rankedRow(
      StringBuilder s,
      Leaderboard board,
      Optional<BackboneRow> base,
      boolean single,
      int rank,
      BackboneRow r) {
    s.append(
        String.format(
            Locale.ROOT,
            "| %d | %s | %s | %s | %.2f%% | %.2f%% |",
            rank,
            r.backbone(),
            r.layers() > 0 ? r.layers() + " × " + r.hidden() : "?",
            millions(r.parameters()),
            100 * r.meanAccuracy(),
            100 * r.meanMacroF1()));
    if (base.isPresent()) {
      Interval d = board.versusBaseline().get(r.backbone());
      s.append(' ')
          .append(
              r.backbone().equals(base.get().backbone())
                  ? "baseline"
                  : d == null ? "n/a" : d.points())
          .append(" |");
    }
    if (single) {
      s.append(String.format(Locale.ROOT, " %.2f%% |", 100 * r.singleTaskMeanAccuracy()));
    }
    s.append(' ')
        .append(number(r.trainExamplesPerSecond(), "%.1f"))
        .append(" | ")
        .append(number(r.textsPerSecond(), "%.1f"))
        .append(" |");
    base.ifPresent(
        b ->
            s.append(' ')
                .append(number(b.textsPerSecond() / r.textsPerSecond(), "%.2f×"))
                .append(" |"));
    s.append(' ')
        .append(
            r.peakRssBytes() > 0
                ? String.format(Locale.ROOT, "%.0f MB", r.peakRssBytes() / 1e6)
                : "?")
        .append(" |\n");
  }

  /** Test accuracy per task for every backbone that finished. */
  private static void perTaskTable(StringBuilder s, Leaderboard board) {
    s.append("\n## Test accuracy per task (%)\n\n| backbone |");
    board.tasks().forEach(t -> s.append(' ').append(t).append(" |"));
    s.append("\n|---|").append("---|".repeat(board.tasks().size())).append('\n');
    for (BackboneRow r : board.ranked()) {
      if (r.ok()) {
        s.append("| ").append(r.backbone()).append(" |");
        board
            .tasks()
            .forEach(
                t ->
                    s.append(' ')
                        .append(number(100 * r.accuracy().getOrDefault(t, Double.NaN), "%.2f"))
                        .append(" |"));
        s.append('\n');
      }
    }
  }

  static String json(Leaderboard board) {
    ObjectNode out = JSON.createObjectNode().put("command", board.command());
    board.baseline().ifPresent(b -> out.put("baseline", b));
    ArrayNode rows = out.putArray("backbones");
    for (BackboneRow r : board.ranked()) {
      ObjectNode o = BackboneRows.toJson(r);
      Interval d = board.versusBaseline().get(r.backbone());
      if (d != null) {
        o.putObject("mean_accuracy_minus_baseline")
            .put("estimate", d.estimate())
            .put("low", d.low())
            .put("high", d.high());
      }
      rows.add(o);
    }
    out.put("wall_seconds", board.wallSeconds());
    board.notes().forEach(out.withArray("notes")::add);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String millions(long n) {
    return n > 0 ? String.format(Locale.ROOT, "%.1f M", n / 1e6) : "?";
  }

  private static String number(double v, String format) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "?" : String.format(Locale.ROOT, format, v);
  }
}
