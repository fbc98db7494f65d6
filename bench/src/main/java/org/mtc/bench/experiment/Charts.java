package org.mtc.bench.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;

/**
 * The report's PNG charts, drawn with XChart (headless): {@code accuracy.png} (test accuracy per task, multitask
 * vs single-task), {@code memory.png} (peak RSS and parameter bytes per configuration), {@code speed.png}
 * (texts per second answering every task). Returns the file names written; a chart without data is skipped.
 */
final class Charts {
  static final String ACCURACY = "accuracy.png";
  static final String MEMORY = "memory.png";
  static final String SPEED = "speed.png";

  private Charts() {
  }

  static List<String> write(BenchResult r, Path dir) {
    System.setProperty("java.awt.headless", "true");
    List<String> written = new ArrayList<>();
    List<String> tasks = r.multitask().keySet().stream().filter(r.singleTask()::containsKey).toList();
    if (!tasks.isEmpty()) {
      List<String> x = new ArrayList<>(tasks);
      x.add("mean");
      List<Double> mt = new ArrayList<>(tasks.stream().map(t -> 100 * r.multitask().get(t).accuracy()).toList());
      List<Double> st = new ArrayList<>(tasks.stream().map(t -> 100 * r.singleTask().get(t).accuracy()).toList());
      mt.add(100 * Goals.mean(r, tasks, true));
      st.add(100 * Goals.mean(r, tasks, false));
      CategoryChart c = chart("Test accuracy per task", "accuracy (%)", 900);
      c.getStyler().setXAxisLabelRotation(30);
      c.addSeries("multitask (one model)", x, mt);
      c.addSeries("single-task (one model per task)", x, st);
      save(c, dir.resolve(ACCURACY), written);
    }
    Summary s = Summary.of(r);
    List<String> names = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> params = new ArrayList<>();
    int n = r.singleTask().size();
    add(names, rss, params, "multitask", s.multitaskPeak(), s.multitaskParams());
    add(names, rss, params, "one single-task", s.meanSinglePeak(), s.sumSingleParams() / Math.max(1, n));
    add(names, rss, params, n + " single-task, one JVM", s.allInOnePeak(), s.sumSingleParams());
    add(names, rss, params, n + " single-task JVMs", s.sumSinglePeak(), s.sumSingleParams());
    if (!names.isEmpty()) {
      CategoryChart c = chart("Memory for inference (" + r.tasks().size() + " tasks)", "MB", 800);
      c.addSeries("peak RSS", names, rss);
      c.addSeries("parameters", names, params);
      save(c, dir.resolve(MEMORY), written);
    }
    r.speed().ifPresent(sp -> {
      CategoryChart c = chart("Answering all " + sp.tasks() + " tasks", "texts per second", 600);
      c.addSeries("texts/s", List.of("multitask", "every single-task model"),
          List.of(sp.multitaskTextsPerSecond(), sp.singleTaskTextsPerSecond()));
      c.getStyler().setLegendVisible(false);
      save(c, dir.resolve(SPEED), written);
    });
    return written;
  }

  private static void add(List<String> names, List<Double> rss, List<Double> params, String name, double peak,
      double paramBytes) {
    if (peak > 0) {
      names.add(name);
      rss.add(peak / 1e6);
      params.add(paramBytes > 0 ? paramBytes / 1e6 : 0.0);
    }
  }

  private static CategoryChart chart(String title, String yTitle, int width) {
    CategoryChart c = new CategoryChartBuilder().width(width).height(420).title(title).yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    c.getStyler().setLabelsVisible(false);
    return c;
  }

  private static void save(CategoryChart c, Path file, List<String> written) {
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
      AtomicFiles.write(file, out -> out.write(png));
      written.add(file.getFileName().toString());
    } catch (IOException | RuntimeException e) {
      throw new MtcException("could not draw " + file + ": " + e.getMessage(), e);
    }
  }
}
