package org.mtc.tasks.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training run's wall time went: the loop's phases, timed around each call (data,
 * tokenization, encoder forward, heads, encoder backward, optimizer, evaluation, checkpoints and
 * logs), the rest of the wall time as "other", and the process's CPU time split into user and
 * kernel ({@code /proc/self/stat}, where there is one). Counts this process's part of a run only (a
 * resumed run starts again at zero). Written to {@code train.log} when the run ends ({@link
 * #lines}) and returned in {@link TrainResult#profile}. Not thread-safe: the loop's thread adds to
 * it.
 */
public final class StepProfile {
  /** A phase of the loop. */
  public enum Phase {
    TEACHERS("teachers' predictions (once)"),
    DATA("data (task and batch choice)"),
    TOKENIZATION("tokenization"),
    ENCODER_FORWARD("encoder forward"),
    HEADS("heads (forward, loss, backward)"),
    ENCODER_BACKWARD("encoder backward"),
    OPTIMIZER("optimizer (heads and encoder)"),
    EVALUATION("evaluation (dev sets)"),
    CHECKPOINTS("checkpoints and logs");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    /** What the phase covers, for the table. */
    public String label() {
      return label;
    }
  }

  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final Map<Phase, Long> nanos = new EnumMap<>(Phase.class);
  private final long startNanos;
  private final double[] startCpu;
  private long endNanos = -1;
  private double[] endCpu;

  /** A profile whose wall time starts now. */
  public StepProfile() {
    startNanos = System.nanoTime();
    startCpu = cpuSeconds();
  }

  /** Adds the time since {@code startedNanos} ({@link System#nanoTime}) to {@code phase}. */
  public void since(Phase phase, long startedNanos) {
    add(phase, System.nanoTime() - startedNanos);
  }

  /** Adds {@code elapsedNanos} to {@code phase}. */
  public void add(Phase phase, long elapsedNanos) {
    nanos.merge(phase, Math.max(0, elapsedNanos), Long::sum);
  }

  /** Ends the wall time (and reads the CPU time) now; later calls change nothing. */
  public void end() {
    if (endNanos < 0) {
      endNanos = System.nanoTime();
      endCpu = cpuSeconds();
    }
  }

  /** Seconds of wall time, up to {@link #end} (or now). */
  public double wallSeconds() {
    return ((endNanos < 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
  }

  /** Seconds per phase, in phase order, with {@code other} for the wall time no phase covers. */
  public Map<String, Double> seconds() {
    Map<String, Double> out = new LinkedHashMap<>();
    double covered = 0;
    for (Phase p : Phase.values()) {
      double s = nanos.getOrDefault(p, 0L) / 1e9;
      out.put(p.name().toLowerCase(Locale.ROOT), s);
      covered += s;
    }
    out.put("other", Math.max(0, wallSeconds() - covered));
    return out;
  }

  /**
   * User and kernel CPU seconds of the process over the profile, {@code [user, kernel]}; NaNs where
   * {@code /proc/self/stat} cannot be read.
   */
  public double[] cpuSecondsUsed() {
    double[] now = endCpu == null ? cpuSeconds() : endCpu;
    return new double[] {now[0] - startCpu[0], now[1] - startCpu[1]};
  }

  /** The table for {@code train.log}: each phase's seconds and share of the wall time. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    double wall = Math.max(wallSeconds(), 1e-9);
    out.add(String.format(Locale.ROOT, "step profile over %.1f s of wall time:", wall));
    Map<String, Double> seconds = seconds();
    int i = 0;
    for (Map.Entry<String, Double> e : seconds.entrySet()) {
      String label =
          i < Phase.values().length ? Phase.values()[i].label() : "other (listeners, waits)";
      out.add(
          String.format(
              Locale.ROOT,
              "  %-34s %9.1f s %6.1f%%",
              label,
              e.getValue(),
              100 * e.getValue() / wall));
      i++;
    }
    double[] cpu = cpuSecondsUsed();
    if (!Double.isNaN(cpu[0])) {
      double total = Math.max(cpu[0] + cpu[1], 1e-9);
      out.add(
          String.format(
              Locale.ROOT,
              "  CPU time: %.1f s user, %.1f s kernel (%.1f%% kernel), %.2f cores busy on average",
              cpu[0],
              cpu[1],
              100 * cpu[1] / total,
              total / wall));
    }
    return out;
  }

  /** {@code {wall_seconds, cpu_user_seconds, cpu_kernel_seconds, seconds: {phase: s}}}. */
  public Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("wall_seconds", round(wallSeconds()));
    double[] cpu = cpuSecondsUsed();
    if (!Double.isNaN(cpu[0])) {
      out.put("cpu_user_seconds", round(cpu[0]));
      out.put("cpu_kernel_seconds", round(cpu[1]));
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds().forEach((k, v) -> seconds.put(k, round(v)));
    out.put("seconds", seconds);
    return out;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1e6) / 1e6;
  }

  /** {@code [user, kernel]} CPU seconds of this process so far, NaNs when unknown. */
  static double[] cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // the command name (field 2) may hold spaces: fields are counted after its closing ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      return new double[] {
        Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND
      };
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN};
    }
  }
}
