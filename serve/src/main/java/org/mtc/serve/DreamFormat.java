package org.mtc.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.mtc.core.Input;
import org.mtc.core.task.TaskSet;
import org.mtc.tasks.predict.Prediction;
import org.mtc.tasks.predict.TaskPrediction;

/**
 * DeepPavlov DREAM's combined_classification contract ({@code
 * annotators/combined_classification/server.py}): reading {@code /model} and {@code /batch_model}
 * requests into {@link Input}s, and writing one {@code {task: {class: probability}}} object per
 * sentence under each of each task's DREAM names ({@code TaskSpec#servedNames}; the same object
 * under each), probabilities rounded to two decimals as DREAM rounds them, with DREAM's toxic rule.
 * A history {@code "a [SEP] b [SEP] sentence"} gives the sentence its previous utterance {@code b}
 * as context (what the tasks with a context column were trained to read). Stateless apart from the
 * task set; thread-safe.
 */
final class DreamFormat {
  static final String SEP = " [SEP] ";
  private final TaskSet tasks;

  DreamFormat(TaskSet tasks) {
    this.tasks = tasks;
  }

  /**
   * {@code {"sentences": [...], "sentences_with_history": [...]}}; the history list is optional.
   */
  static List<Input> modelRequest(JsonNode body) {
    List<String> sentences = strings(field(body, "sentences"), "sentences");
    JsonNode historyNode = body.get("sentences_with_history");
    if (historyNode == null || historyNode.isNull()) {
      return sentences.stream().map(Input::of).toList();
    }
    List<String> histories = strings(historyNode, "sentences_with_history");
    if (histories.size() != sentences.size()) {
      throw new HttpError(
          400,
          "'sentences_with_history' has "
              + histories.size()
              + " items but 'sentences' has "
              + sentences.size()
              + ": give one history per sentence, or leave 'sentences_with_history' out");
    }
    List<Input> out = new ArrayList<>(sentences.size());
    for (int i = 0; i < sentences.size(); i++) {
      out.add(Input.withContext(previousUtterance(histories.get(i)), sentences.get(i)));
    }
    return out;
  }

  /**
   * {@code {"utterances_with_histories": [[...], ...]}}: each list joined with " [SEP] ", its last
   * part the sentence.
   */
  static List<Input> batchRequest(JsonNode body) {
    JsonNode lists = field(body, "utterances_with_histories");
    if (!lists.isArray()) {
      throw new HttpError(
          400,
          "'utterances_with_histories' must be a list of lists of strings, got " + kind(lists));
    }
    List<Input> out = new ArrayList<>(lists.size());
    for (int i = 0; i < lists.size(); i++) {
      String where = "utterances_with_histories[" + i + "]";
      List<String> utterances = strings(lists.get(i), where);
      if (utterances.isEmpty()) {
        throw new HttpError(
            400, "'" + where + "' is an empty list; give at least the sentence to classify");
      }
      String joined = String.join(SEP, utterances);
      String[] parts = joined.split(Pattern.quote(SEP), -1);
      out.add(Input.withContext(previousUtterance(joined), parts[parts.length - 1]));
    }
    return out;
  }

  /** The utterance before the last one of a " [SEP] "-joined history; "" when there is none. */
  static String previousUtterance(String history) {
    String[] parts = history.split(Pattern.quote(SEP), -1);
    return parts.length < 2 ? "" : parts[parts.length - 2];
  }

  /** One DREAM object per prediction. */
  List<Map<String, Map<String, Double>>> answers(List<Prediction> predictions) {
    List<Map<String, Map<String, Double>>> out = new ArrayList<>(predictions.size());
    for (Prediction p : predictions) {
      Map<String, Map<String, Double>> row = new LinkedHashMap<>();
      p.tasks()
          .forEach(
              (task, answer) -> {
                List<String> served = tasks.task(task).servedNames();
                Map<String, Double> probs = probabilities(served, answer);
                served.forEach(name -> row.put(name, probs));
              });
      out.add(row);
    }
    return out;
  }

  /**
   * A task's probabilities, rounded to 2 decimals. DREAM's toxic rule: in a task one of whose
   * {@code servedNames} contains "toxic", when {@code not_toxic} is below 0.5 it is set to 0 and
   * the other classes are renormalised to sum to 1.
   */
  static Map<String, Double> probabilities(List<String> servedNames, TaskPrediction answer) {
    Map<String, Double> probs = new LinkedHashMap<>();
    answer.probabilities().forEach((label, p) -> probs.put(label, (double) p));
    Double notToxic = probs.get("not_toxic");
    boolean toxic = servedNames.stream().anyMatch(n -> n.contains("toxic"));
    if (toxic && notToxic != null && notToxic < 0.5) {
      probs.put("not_toxic", 0.0);
      double sum = probs.values().stream().mapToDouble(Double::doubleValue).sum();
      if (sum > 0) {
        probs.replaceAll((label, p) -> p / sum);
      }
    }
    probs.replaceAll((label, p) -> Math.round(p * 100) / 100.0);
    return probs;
  }

  static JsonNode field(JsonNode body, String name) {
    if (body == null || !body.isObject()) {
      throw new HttpError(
          400, "the body must be a JSON object with '" + name + "', got " + kind(body));
    }
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      throw new HttpError(400, "missing field '" + name + "'");
    }
    return v;
  }

  static List<String> strings(JsonNode node, String field) {
    if (!node.isArray()) {
      throw new HttpError(400, "'" + field + "' must be a list of strings, got " + kind(node));
    }
    List<String> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        throw new HttpError(400, "'" + field + "[" + i + "]' must be a string, got " + kind(item));
      }
      out.add(item.textValue());
    }
    return out;
  }

  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }
}
