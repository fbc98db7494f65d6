package org.mtc.bench.contention;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Timed phases of one kind of work that alternate alone, busy, alone, busy... for {@code rounds}
 * rounds; a busy phase runs beside a {@link BusyLoop} started just before it and killed right after
 * it. Records wall time, items done and the CPU time this process used; {@link #summary} keeps the
 * best phase of each kind (least disturbed by load that comes and goes) and every phase's rate. Not
 * thread-safe; close it to kill a busy process left running.
 */
final class Phases implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int rounds;
  private final long busySeconds;
  private final String unit;
  private final List<ObjectNode> alone = new ArrayList<>();
  private final List<ObjectNode> busy = new ArrayList<>();
  private BusyLoop loop;
  private long t0;
  private long cpu0;

  /**
   * @param busySeconds the busy process's own time limit (longer than a phase; it ends by itself
   *     after it)
   * @param unit name of the items in the JSON ("texts", "examples")
   */
  Phases(int rounds, long busySeconds, String unit) {
    this.rounds = rounds;
    this.busySeconds = busySeconds;
    this.unit = unit;
  }

  /** Whether the next phase (or the one running) is a busy one. */
  boolean busyNow() {
    return alone.size() > busy.size();
  }

  boolean done() {
    return busy.size() >= rounds;
  }

  /** Starts the next phase (and its busy process, for a busy phase). */
  void begin() {
    if (busyNow() && loop == null) {
      loop = BusyLoop.start(busySeconds);
    }
    t0 = System.nanoTime();
    cpu0 = cpuNanos();
  }

  double elapsedSeconds() {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Ends the running phase after {@code items} items and stops its busy process. */
  void end(long items) {
    double seconds = elapsedSeconds();
    ObjectNode phase =
        JSON.createObjectNode()
            .put(unit, items)
            .put("seconds", seconds)
            .put("cpu_seconds", (cpuNanos() - cpu0) / 1e9)
            .put("per_second", items / seconds);
    (busyNow() ? busy : alone).add(phase);
    closeLoop();
  }

  /** {@code {alone: best, busy: best, alone_rates: [...], busy_rates: [...]}}. */
  ObjectNode summary() {
    ObjectNode out = JSON.createObjectNode();
    out.set("alone", best(alone));
    out.set("busy", best(busy));
    out.set("alone_rates", rates(alone));
    out.set("busy_rates", rates(busy));
    return out;
  }

  @Override
  public void close() {
    closeLoop();
  }

  private void closeLoop() {
    if (loop != null) {
      loop.close();
      loop = null;
    }
  }

  private static ObjectNode best(List<ObjectNode> phases) {
    return phases.stream()
        .max(Comparator.comparingDouble(p -> p.path("per_second").asDouble()))
        .orElse(JSON.createObjectNode());
  }

  private static ArrayNode rates(List<ObjectNode> phases) {
    ArrayNode a = JSON.createArrayNode();
    phases.forEach(p -> a.add(p.path("per_second").asDouble()));
    return a;
  }

  static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }
}
