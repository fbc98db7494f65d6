package org.mtc.bench.engines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Seconds of repeated runs of one contender: the best (least disturbed by other load) and the
 * median.
 */
final class Timing {
  private final List<Double> seconds = new ArrayList<>();

  void time(Runnable work) {
    long t0 = System.nanoTime();
    work.run();
    seconds.add((System.nanoTime() - t0) / 1e9);
  }

  double median() {
    List<Double> s = new ArrayList<>(seconds);
    Collections.sort(s);
    return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
  }

  double best() {
    return seconds.isEmpty() ? Double.NaN : Collections.min(seconds);
  }
}
