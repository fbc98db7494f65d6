package org.mtc.bench.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;

/**
 * Writes XChart charts as PNG files, headless and atomically, for every bench report. Stateless.
 */
public final class PngCharts {
  private PngCharts() {}

  /**
   * Draws {@code chart} into {@code file} and adds the file's name to {@code written}.
   *
   * @throws MtcException naming the file when it cannot be drawn or written
   */
  public static void save(Chart<?, ?> chart, Path file, List<String> written) {
    System.setProperty("java.awt.headless", "true");
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      AtomicFiles.write(file, out -> out.write(png));
      written.add(file.getFileName().toString());
    } catch (IOException | RuntimeException e) {
      throw new MtcException("could not draw " + file + ": " + e.getMessage(), e);
    }
  }
}
