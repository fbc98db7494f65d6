package org.mtc.bench.experiment;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.mtc.tasks.compare.Comparison;
import org.mtc.tasks.compare.Interval;
import org.mtc.tasks.compare.SeedSummary;
import org.mtc.tasks.compare.TaskComparison;

/**
 * The report's PNG charts, drawn with XChart (headless): {@code accuracy.png} (test accuracy per
 * task, multitask vs single-task, ± sd over seeds), {@code difference.png} (multitask minus
 * single-task with 95% intervals), {@code memory.png} (peak RSS and parameter bytes per
 * configuration), {@code speed.png} (texts per second answering every task). Returns the file names
 * written; a chart without data is skipped.
 */
final class Charts {
  static final String ACCURACY = "accuracy.png";
  static final String MEMORY = "memory.png";
  static final String SPEED = "speed.png";
  static final String DIFFERENCE = "difference.png";

  private Charts() {}

  static List<String> write(BenchResult r, Path dir) {
    System.setProperty("java.awt.headless", "true");
    List<String> written = new ArrayList<>();
    accuracy(r, dir, written);
    difference(r, dir, written);
    Summary s = Summary.of(r);
    List<String> names = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> params = new ArrayList<>();
    int n = r.singleTask().size();
    add(names, rss, params, "multitask", s.multitaskPeak(), s.multitaskParams());
    add(
        names,
        rss,
        params,
        "one single-task",
        s.meanSinglePeak(),
        s.sumSingleParams() / Math.max(1, n));
    add(names, rss, params, n + " single-task, one JVM", s.allInOnePeak(), s.sumSingleParams());
    add(names, rss, params, n + " single-task JVMs", s.sumSinglePeak(), s.sumSingleParams());
    if (!names.isEmpty()) {
      CategoryChart c = chart("Memory for inference (" + r.tasks().size() + " tasks)", "MB", 800);
      c.addSeries("peak RSS", names, rss);
      c.addSeries("parameters", names, params);
      save(c, dir.resolve(MEMORY), written);
    }
    r.speed()
        .ifPresent(
            sp -> {
              CategoryChart c =
                  chart("Answering all " + sp.tasks() + " tasks", "texts per second", 600);
              c.addSeries(
                  "texts/s",
                  List.of("multitask", "every single-task model"),
                  List.of(sp.multitaskTextsPerSecond(), sp.singleTaskTextsPerSecond()));
              c.getStyler().setLegendVisible(false);
              save(c, dir.resolve(SPEED), written);
            });
    return written;
  }

  /**
   * Test accuracy per task and the mean; with several seeds the bars are means with ± sd error
   * bars.
   */
  private static void accuracy(BenchResult r, Path dir, List<String> written) {
    List<String> x = new ArrayList<>();
    List<Double> mt = new ArrayList<>();
    List<Double> st = new ArrayList<>();
    List<Double> mtSd = new ArrayList<>();
    List<Double> stSd = new ArrayList<>();
    Optional<SeedSummary> seeds = r.seedSummary();
    if (seeds.isPresent()) {
      for (SeedSummary.TaskSpread t : seeds.get().tasks()) {
        x.add(t.task());
        mt.add(100 * t.multitaskMean());
        st.add(100 * t.singleTaskMean());
        mtSd.add(100 * t.multitaskSd());
        stSd.add(100 * t.singleTaskSd());
      }
    } else if (!r.seedRuns().isEmpty()) {
      for (TaskComparison t : r.seedRuns().get(0).comparison().tasks()) {
        x.add(t.task());
        mt.add(100 * t.multitaskAccuracy());
        st.add(100 * t.singleTaskAccuracy());
      }
    }
    if (x.isEmpty()) {
      return;
    }
    double mtMean = mt.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double stMean = st.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    x.add("mean");
    mt.add(mtMean);
    st.add(stMean);
    String title =
        seeds
            .map(s -> "Test accuracy per task (mean ± sd over " + s.seeds().size() + " seeds)")
            .orElse("Test accuracy per task");
    CategoryChart c = chart(title, "accuracy (%)", 900);
    c.getStyler().setXAxisLabelRotation(30);
    if (seeds.isPresent()) {
      mtSd.add(0.0);
      stSd.add(0.0);
      c.addSeries("multitask (one model)", x, mt, mtSd);
      c.addSeries("single-task (one model per task)", x, st, stSd);
    } else {
      c.addSeries("multitask (one model)", x, mt);
      c.addSeries("single-task (one model per task)", x, st);
    }
    save(c, dir.resolve(ACCURACY), written);
  }

  /** One bar of the difference chart: its name under {@code x}, its interval under {@code d}. */
  private static void addBar(List<String> x, List<Interval> d, String name, Interval diff) {
    x.add(name);
    d.add(diff);
  }

  /**
   * Multitask minus single-task accuracy per task and the mean, in points, with error bars reaching
   * the farther end of the 95% interval (paired bootstrap; t over seeds when there are several).
   */
  private static void difference(BenchResult r, Path dir, List<String> written) {
    List<String> x = new ArrayList<>();
    List<Interval> d = new ArrayList<>();
    if (r.seedSummary().isPresent()) {
      SeedSummary s = r.seedSummary().get();
      s.tasks().forEach(t -> addBar(x, d, t.task(), t.accuracy()));
      addBar(x, d, "mean", s.meanAccuracy());
    } else if (!r.seedRuns().isEmpty() && !r.seedRuns().get(0).comparison().tasks().isEmpty()) {
      Comparison c = r.seedRuns().get(0).comparison();
      c.tasks().forEach(t -> addBar(x, d, t.task(), t.accuracy()));
      addBar(x, d, "mean", c.meanAccuracy());
    }
    if (x.isEmpty()) {
      return;
    }
    List<Double> y = d.stream().map(i -> 100 * i.estimate()).toList();
    List<Double> err =
        d.stream()
            .map(
                i ->
                    Double.isNaN(i.low())
                        ? 0.0
                        : 100 * Math.max(i.high() - i.estimate(), i.estimate() - i.low()))
            .toList();
    CategoryChart c =
        chart("Multitask - single-task accuracy (points, 95% interval)", "points", 900);
    c.getStyler().setXAxisLabelRotation(30);
    c.getStyler().setLegendVisible(false);
    c.addSeries("multitask - single-task", x, y, err);
    save(c, dir.resolve(DIFFERENCE), written);
  }

  private static void add(
      List<String> names,
      List<Double> rss,
      List<Double> params,
      String name,
      double peak,
      double paramBytes) {
    if (peak > 0) {
      names.add(name);
      rss.add(peak / 1e6);
      params.add(paramBytes > 0 ? paramBytes / 1e6 : 0.0);
    }
  }

  private static CategoryChart chart(String title, String yTitle, int width) {
    CategoryChart c =
        new CategoryChartBuilder().width(width).height(420).title(title).yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setLabelsVisible(false);
    return c;
  }

  private static void save(CategoryChart c, Path file, List<String> written) {
    PngCharts.save(c, file, written);
  }
}
