package org.mtc.bench.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mtc.core.MtcException;
import org.mtc.core.io.AtomicFiles;
import org.mtc.tasks.eval.TaskMetrics;

/**
 * Writes a run's report into its directory, each file atomically: {@code report.md} (goals,
 * accuracy, memory, speed, training, failures, charts, notes, settings, versions, data files),
 * {@code report.json} (the same numbers) and the PNG charts ({@link Charts}). A chart that cannot
 * be drawn becomes a failure in the report.
 */
public final class ReportWriter {
  public static final String MARKDOWN = "report.md";
  public static final String JSON_FILE = "report.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /** Writes everything into {@code dir}; returns the markdown. */
  public static String write(BenchResult r, Path dir) {
    List<String> charts;
    String chartError = null;
    try {
      charts = Charts.write(r, dir);
    } catch (RuntimeException e) {
      charts = List.of();
      chartError = Experiment.message(e);
    }
    List<Goals.Goal> goals = Goals.check(r);
    String md = MarkdownReport.render(r, goals, charts, chartError);
    AtomicFiles.writeString(dir.resolve(MARKDOWN), md);
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(json(r, goals, charts));
    } catch (JsonProcessingException e) {
      throw new MtcException("could not write " + JSON_FILE + ": " + e.getMessage(), e);
    }
    AtomicFiles.write(dir.resolve(JSON_FILE), out -> out.write(json));
    return md;
  }

  static ObjectNode json(BenchResult r, List<Goals.Goal> goals, List<String> charts) {
    ObjectNode root = JSON.createObjectNode();
    root.put("command", r.command());
    root.set("versions", JSON.valueToTree(r.versions()));
    root.put("wall_seconds", r.wallSeconds());
    root.set("tasks", JSON.valueToTree(r.tasks()));
    root.set("train_examples", JSON.valueToTree(r.trainExamples()));
    root.set("test_examples", JSON.valueToTree(r.testExamples()));
    root.set("bench_settings", JSON.valueToTree(r.bench()));
    accuracy(r, root.putObject("accuracy"));
    root.set("test_split_sizes", JSON.valueToTree(r.testSplitSizes()));
    root.set("memory", JSON.valueToTree(r.memory()));
    memorySummary(Summary.of(r), root.putObject("memory_summary"));
    r.speed()
        .ifPresent(
            sp -> {
              ObjectNode speed = JSON.valueToTree(sp);
              root.set("speed", speed);
              speed.put("multitask_texts_per_second", sp.multitaskTextsPerSecond());
              speed.put("single_task_texts_per_second", sp.singleTaskTextsPerSecond());
              speed.put("speedup", sp.speedup());
              speed.put("heads_over_encoder", sp.headsOverEncoder());
            });
    root.set("training", JSON.valueToTree(r.trainings()));
    ArrayNode g = root.putArray("goals");
    for (Goals.Goal goal : goals) {
      ObjectNode o =
          g.addObject()
              .put("goal", goal.goal())
              .put("target", goal.target())
              .put("measured", goal.measured());
      goal.met().ifPresentOrElse(m -> o.put("met", m), () -> o.putNull("met"));
    }
    root.set("failures", JSON.valueToTree(r.failures()));
    root.set("charts", JSON.valueToTree(charts));
    root.set("notes", JSON.valueToTree(r.notes()));
    root.set("data_files", JSON.valueToTree(r.dataFiles()));
    root.put("settings", r.settings());
    return root;
  }

  /** Fills {@code acc} with the accuracy per task, their means and the seeds' comparisons. */
  private static void accuracy(BenchResult r, ObjectNode acc) {
    acc.set("multitask", metrics(r.multitask()));
    acc.set("single_task", metrics(r.singleTask()));
    List<String> both =
        r.multitask().keySet().stream().filter(r.singleTask()::containsKey).toList();
    if (!both.isEmpty()) {
      acc.put("mean_multitask", Goals.mean(r, both, true));
      acc.put("mean_single_task", Goals.mean(r, both, false));
      acc.put("mean_difference", Goals.mean(r, both, true) - Goals.mean(r, both, false));
    }
    acc.set(
        "seeds",
        JSON.valueToTree(
            r.seedRuns().stream()
                .map(run -> Map.of("seed", run.seed(), "comparison", run.comparison()))
                .toList()));
    r.seedSummary().ifPresent(s -> acc.set("over_seeds", JSON.valueToTree(s)));
  }

  private static void memorySummary(Summary s, ObjectNode mem) {
    mem.put("multitask_peak_rss", s.multitaskPeak());
    mem.put("mean_single_task_peak_rss", s.meanSinglePeak());
    mem.put("sum_single_task_peak_rss", s.sumSinglePeak());
    mem.put("all_single_task_one_jvm_peak_rss", s.allInOnePeak());
    mem.put("multitask_parameter_bytes", s.multitaskParams());
    mem.put("sum_single_task_parameter_bytes", s.sumSingleParams());
  }

  private static ObjectNode metrics(Map<String, TaskMetrics> metrics) {
    ObjectNode out = JSON.createObjectNode();
    metrics.forEach(
        (t, m) -> {
          ObjectNode o = out.putObject(t).put("kind", m.kind().configName()).put("n", m.n());
          m.scores().forEach(o::put);
        });
    return out;
  }
}
