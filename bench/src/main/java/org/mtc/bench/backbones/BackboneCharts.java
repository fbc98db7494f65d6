package org.mtc.bench.backbones;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BubbleChart;
import org.knowm.xchart.BubbleChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.mtc.bench.experiment.PngCharts;

/**
 * The leaderboard's charts, drawn with XChart (headless): {@code leaderboard.png} (mean test
 * accuracy and mean macro-F1 per backbone, best first) and {@code pareto.png} (mean accuracy
 * against texts per second answering every task, one bubble per backbone sized by its peak
 * inference RSS). Backbones without scores are left out; returns the file names written.
 */
final class BackboneCharts {
  static final String LEADERBOARD = "leaderboard.png";
  static final String PARETO = "pareto.png";

  private BackboneCharts() {}

  static List<String> write(Leaderboard board, Path dir) {
    List<String> written = new ArrayList<>();
    List<BackboneRow> ok = board.ranked().stream().filter(BackboneRow::ok).toList();
    if (ok.isEmpty()) {
      return written;
    }
    save(leaderboardChart(board, ok), dir.resolve(LEADERBOARD), written);

    List<BackboneRow> timed = ok.stream().filter(r -> !Double.isNaN(r.textsPerSecond())).toList();
    if (!timed.isEmpty()) {
      save(paretoChart(timed), dir.resolve(PARETO), written);
    }
    return written;
  }

  /** Mean accuracy and mean macro-F1 per backbone, as bars in ranked order. */
  private static CategoryChart leaderboardChart(Leaderboard board, List<BackboneRow> ok) {
    CategoryChart bars =
        new CategoryChartBuilder()
            .width(Math.max(600, 140 * ok.size()))
            .height(420)
            .title(
                "Mean test accuracy over "
                    + board.tasks().size()
                    + " tasks (one multitask model per backbone)")
            .yAxisTitle("%")
            .build();
    style(bars.getStyler());
    bars.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    bars.getStyler().setLabelsVisible(true); // the bars differ by points: print their values
    double lowest =
        ok.stream()
            .mapToDouble(r -> 100 * Math.min(r.meanAccuracy(), r.meanMacroF1()))
            .min()
            .orElse(0);
    bars.getStyler().setYAxisMin(Math.max(0, Math.floor(lowest / 5) * 5 - 5));
    bars.addSeries(
        "mean accuracy",
        ok.stream().map(BackboneRow::backbone).toList(),
        ok.stream().map(r -> 100 * r.meanAccuracy()).toList());
    bars.addSeries(
        "mean macro-F1",
        ok.stream().map(BackboneRow::backbone).toList(),
        ok.stream().map(r -> 100 * r.meanMacroF1()).toList());
    return bars;
  }

  /** Mean accuracy against texts per second, one bubble per timed backbone sized by its RSS. */
  private static BubbleChart paretoChart(List<BackboneRow> timed) {
    double maxRss = timed.stream().mapToLong(BackboneRow::peakRssBytes).max().orElse(1);
    BubbleChart pareto =
        new BubbleChartBuilder()
            .width(800)
            .height(500)
            .title("Accuracy against speed (bubble area: peak inference RSS)")
            .xAxisTitle("texts per second, all tasks")
            .yAxisTitle("mean test accuracy (%)")
            .build();
    style(pareto.getStyler());
    pareto.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    // speeds differ by an order of magnitude between backbones: a log axis, with room for the
    // bubbles
    double minX = timed.stream().mapToDouble(BackboneRow::textsPerSecond).min().orElse(1);
    double maxX = timed.stream().mapToDouble(BackboneRow::textsPerSecond).max().orElse(1);
    double minY = timed.stream().mapToDouble(r -> 100 * r.meanAccuracy()).min().orElse(0);
    double maxY = timed.stream().mapToDouble(r -> 100 * r.meanAccuracy()).max().orElse(100);
    pareto.getStyler().setXAxisLogarithmic(true);
    pareto.getStyler().setXAxisMin(minX / 2);
    pareto.getStyler().setXAxisMax(maxX * 2);
    pareto.getStyler().setYAxisMin(Math.floor(minY - 2));
    pareto.getStyler().setYAxisMax(Math.ceil(maxY + 2));
    for (BackboneRow r : timed) {
      double size = r.peakRssBytes() > 0 ? 15 + 45 * Math.sqrt(r.peakRssBytes() / maxRss) : 15;
      pareto.addSeries(
          r.backbone()
              + (r.peakRssBytes() > 0
                  ? String.format(Locale.ROOT, " (%.0f MB)", r.peakRssBytes() / 1e6)
                  : ""),
          new double[] {r.textsPerSecond()},
          new double[] {100 * r.meanAccuracy()},
          new double[] {size});
    }
    return pareto;
  }

  /** Backbones no other backbone beats on both accuracy and speed, in ranked order. */
  static List<String> paretoFront(List<BackboneRow> rows) {
    List<BackboneRow> ok =
        rows.stream().filter(r -> r.ok() && !Double.isNaN(r.textsPerSecond())).toList();
    return ok.stream()
        .filter(
            r ->
                ok.stream()
                    .noneMatch(
                        o ->
                            o != r
                                && o.meanAccuracy() >= r.meanAccuracy()
                                && o.textsPerSecond() >= r.textsPerSecond()
                                && (o.meanAccuracy() > r.meanAccuracy()
                                    || o.textsPerSecond() > r.textsPerSecond())))
        .map(BackboneRow::backbone)
        .toList();
  }

  private static void style(Styler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
  }

  private static void save(Chart<?, ?> chart, Path file, List<String> written) {
    PngCharts.save(chart, file, written);
  }
}
