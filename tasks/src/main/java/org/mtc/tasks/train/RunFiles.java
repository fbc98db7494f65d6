package org.mtc.tasks.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.tasks.model.MultitaskModel;

/**
 * The files a run keeps up to date in its output directory as it goes: {@code train.log} (plain
 * lines, appended and flushed one at a time) and {@code metrics.json} (the dev history and the best
 * round, rewritten atomically after every evaluation). Not thread-safe.
 */
final class RunFiles {
  static final String LOG = "train.log";
  static final String METRICS = MultitaskModel.METRICS_FILE;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final ObjectNode metrics = JSON.createObjectNode();
  private final ArrayNode rounds;

  /** Starts a run in {@code dir}: creates it and starts a new train.log. */
  RunFiles(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      Files.writeString(log(), "", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MtcException(
          "could not create the output directory " + dir + ": " + e.getMessage(), e);
    }
    rounds = metrics.putArray("rounds");
  }

  /**
   * Continues a run in {@code dir}: appends to its train.log and keeps the evaluation records
   * given.
   */
  RunFiles(Path dir, List<Map<String, Object>> earlierRounds) {
    this.dir = dir;
    rounds = metrics.putArray("rounds");
    for (Map<String, Object> r : earlierRounds) {
      ObjectNode node = JSON.valueToTree(r);
      rounds.add(node);
      if (node.path("improved").asBoolean()) {
        metrics.set("best", node);
      }
    }
  }

  /** The evaluation records so far, as plain maps (for a resumable checkpoint). */
  List<Map<String, Object>> rounds() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (var r : rounds) {
      out.add(JSON.convertValue(r, new TypeReference<Map<String, Object>>() {}));
    }
    return out;
  }

  /** The run's output directory. */
  Path dir() {
    return dir;
  }

  Path log() {
    return dir.resolve(LOG);
  }

  void line(String text) {
    try {
      Files.writeString(
          log(),
          text + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new MtcException("could not append to " + log() + ": " + e.getMessage(), e);
    }
  }

  static ObjectNode newNode() {
    return JSON.createObjectNode();
  }

  void round(ObjectNode round, boolean best) {
    rounds.add(round);
    if (best) {
      metrics.set("best", round);
    }
    write();
  }

  /**
   * Records the learned task weights ({@code task_weights}, by task) in {@code metrics.json}; the
   * next write (at the latest {@link #finish}) saves them.
   */
  void taskWeights(Map<String, Double> weights) {
    metrics.set("task_weights", JSON.valueToTree(weights));
  }

  /**
   * Records the run's step profile ({@code profile}) in {@code metrics.json}; saved by the next
   * write.
   */
  void profile(Map<String, Object> profile) {
    metrics.set("profile", JSON.valueToTree(profile));
  }

  void finish(
      long steps, boolean stoppedEarly, boolean cutByTime, Throughput throughput, long peakRss) {
    metrics.put("steps", steps);
    metrics.put("stopped_early", stoppedEarly);
    metrics.put("cut_by_time", cutByTime);
    throughput.writeTo(metrics.putObject("throughput"));
    if (peakRss > 0) {
      metrics.put("peak_rss_bytes", peakRss);
    }
    write();
  }

  private void write() {
    MultitaskModel.writeJson(dir.resolve(METRICS), metrics);
  }
}
