package org.mtc.bench.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mtc.core.Input;
import org.mtc.library.Mtc;
import org.mtc.library.MtcOptions;
import org.mtc.tasks.predict.Classifier;

/**
 * {@code mtc bench serve}: the server in a child JVM with dynamic batching on, driven by
 * closed-loop clients at saturation, by DREAM's 10 users and paced at half the saturation
 * throughput; then a fresh child with batching off ({@code max-batch 1}) at saturation; then the
 * same texts through {@code Classifier.predict} in this JVM, offline, in batches of 32, of 10 (the
 * most 10 closed-loop users can put in one batch), of the saturated phase's mean batch (what the
 * server's throughput there is judged against) and of 1. Every phase is bounded in time and
 * requests. Used once, by one thread.
 *
 * @param clients closed-loop clients of the saturation phases
 * @param seconds length of each measured phase
 * @param warmupSeconds unmeasured load before the first phase of each server
 */
public record ServeBench(
    Path model,
    String engine,
    List<String> texts,
    int clients,
    double seconds,
    double warmupSeconds,
    int maxBatch,
    String maxDelay,
    List<String> jvmOptions,
    List<String> serverSettings,
    Path logDir,
    long startTimeoutSeconds) {

  /** One measured phase. */
  record Phase(
      String name,
      String batching,
      LoadGenerator.Result load,
      double meanBatch,
      long serverPeakRss,
      long serverRss) {}

  /**
   * Everything measured.
   *
   * @param saturatedBatch the mean batch of the saturated phase with batching on, rounded
   * @param offlineSaturatedThroughput offline sentences/s in batches of {@code saturatedBatch}
   */
  record Report(
      List<Phase> phases,
      double offlineThroughput,
      int offlineBatch,
      double offlineSingleThroughput,
      double offlineUsersThroughput,
      int saturatedBatch,
      double offlineSaturatedThroughput,
      List<Integer> exitCodes,
      long batchedPeakRss,
      long unbatchedPeakRss) {
    Phase phase(String prefix) {
      return phases.stream().filter(p -> p.name().startsWith(prefix)).findFirst().orElseThrow();
    }
  }

  static final String SATURATED_ON = "batching on, saturated";
  static final String DREAM_USERS = "batching on, 10 users";
  static final String HALF_LOAD = "batching on, half the saturation rate";
  static final String SATURATED_OFF = "batching off, saturated";
  static final int DREAM_USER_COUNT = 10;
  private static final long MAX_REQUESTS_PER_CLIENT = 2_000_000;

  Report run(PrintStream progress) throws IOException, InterruptedException {
    List<Phase> phases = new ArrayList<>();
    List<Integer> exits = new ArrayList<>();
    long onRss = batchingOn(progress, phases, exits);
    long offRss = batchingOff(progress, phases, exits);
    progress.println("bench serve: offline predict of the same texts in this JVM");
    double batched = offline(32);
    double single = offline(1);
    double users = offline(DREAM_USER_COUNT); // the largest batch 10 closed-loop clients can make
    int meanBatch = roundedBatch(phases.get(0).meanBatch());
    double atMean = offline(meanBatch); // what the saturated server could at most reach
    progress.printf(
        Locale.ROOT,
        "  offline predict: %.1f sentences/s in batches of 32, %.1f in batches of "
            + "%d, %.1f in batches of %d (the saturated mean batch), %.1f one at a time%n",
        batched,
        users,
        DREAM_USER_COUNT,
        atMean,
        meanBatch,
        single);
    return new Report(phases, batched, 32, single, users, meanBatch, atMean, exits, onRss, offRss);
  }

  /**
   * A mean batch size as a batch to run offline: rounded, at least 1 (1 when none was measured).
   */
  static int roundedBatch(double meanBatch) {
    return Double.isFinite(meanBatch) ? (int) Math.max(1, Math.round(meanBatch)) : 1;
  }

  /**
   * The server with dynamic batching: warm-up, then saturated, DREAM's users and half the
   * saturation rate; adds the phases and the server's exit code, returns its peak RSS.
   */
  private long batchingOn(PrintStream progress, List<Phase> phases, List<Integer> exits)
      throws IOException, InterruptedException {
    progress.println(
        "bench serve: starting the server with dynamic batching (max-batch "
            + maxBatch
            + ", max-delay "
            + maxDelay
            + ")");
    try (ServerProcess on = server(maxBatch, maxDelay, "server-batching-on.log")) {
      LoadGenerator load = warmedUp(on);
      Phase saturated =
          measure(
              progress, on, load, SATURATED_ON + " (" + clients + " clients)", "on", clients, 0);
      phases.add(saturated);
      phases.add(measure(progress, on, load, DREAM_USERS, "on", DREAM_USER_COUNT, 0));
      double half = saturated.load().throughput() / 2;
      phases.add(
          measure(
              progress,
              on,
              load,
              HALF_LOAD + String.format(Locale.ROOT, " (%.0f req/s, %d clients)", half, clients),
              "on",
              clients,
              half));
      long onRss = on.peakRss();
      exits.add(on.stop());
      return onRss;
    }
  }

  /** A server of {@link #model} with this batching, logging to {@code log} in the log folder. */
  private ServerProcess server(int batch, String delay, String log)
      throws IOException, InterruptedException {
    return ServerProcess.start(
        model,
        engine,
        batch,
        delay,
        jvmOptions,
        serverSettings,
        logDir.resolve(log),
        startTimeoutSeconds);
  }

  /** Clients of {@code server} after the unmeasured warm-up load. */
  private LoadGenerator warmedUp(ServerProcess server) throws InterruptedException {
    LoadGenerator load = new LoadGenerator(server.port(), texts);
    load.run(clients, warmupSeconds, 0, MAX_REQUESTS_PER_CLIENT);
    return load;
  }

  /**
   * A fresh server without dynamic batching (max-batch 1): warm-up, then saturated; adds the phase
   * and the server's exit code, returns its peak RSS.
   */
  private long batchingOff(PrintStream progress, List<Phase> phases, List<Integer> exits)
      throws IOException, InterruptedException {
    progress.println("bench serve: starting the server without dynamic batching (max-batch 1)");
    try (ServerProcess off = server(1, "0ms", "server-batching-off.log")) {
      LoadGenerator load = warmedUp(off);
      phases.add(
          measure(
              progress,
              off,
              load,
              SATURATED_OFF + " (" + clients + " clients)",
              "off",
              clients,
              0));
      long offRss = off.peakRss();
      exits.add(off.stop());
      return offRss;
    }
  }

  /**
   * One phase on {@code server}; its mean batch size from the server's metrics before and after.
   */
  private Phase measure(
      PrintStream progress,
      ServerProcess server,
      LoadGenerator load,
      String name,
      String batching,
      int n,
      double rate)
      throws InterruptedException {
    double sum = server.metric("mtc_serve_batch_size_sum");
    double count = server.metric("mtc_serve_batch_size_count");
    LoadGenerator.Result r = load.run(n, seconds, rate, MAX_REQUESTS_PER_CLIENT);
    double mean =
        (server.metric("mtc_serve_batch_size_sum") - sum)
            / (server.metric("mtc_serve_batch_size_count") - count);
    progress.printf(
        Locale.ROOT,
        "  %-55s %8.1f req/s  p50 %6.1f ms  p99 %6.1f ms  errors %d  " + "mean batch %.1f%n",
        name,
        r.throughput(),
        r.p50(),
        r.p99(),
        r.errors(),
        mean);
    return new Phase(name, batching, r, mean, server.peakRss(), server.rss());
  }

  /**
   * Sentences per second of {@code Classifier.predict} on the texts, in calls of {@code batch}, for
   * the phase length.
   */
  private double offline(int batch) {
    try (Classifier c = Mtc.open(model, MtcOptions.defaults().engine(engine).batchSize(batch))) {
      List<Input> inputs = texts.stream().map(Input::of).toList();
      c.predict(inputs.subList(0, Math.min(batch, inputs.size()))); // warm-up
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long done = 0;
      for (int call = 0; call < 10_000_000 && System.nanoTime() < end; call++) {
        int from = (int) ((long) call * batch % inputs.size());
        List<Input> slice = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
          slice.add(inputs.get((from + i) % inputs.size()));
        }
        c.predict(slice);
        done += batch;
      }
      return done / ((System.nanoTime() - start) / 1e9);
    }
  }
}
