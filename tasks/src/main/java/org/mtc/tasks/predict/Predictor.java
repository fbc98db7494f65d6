package org.mtc.tasks.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.io.Utf8LineReader;
import org.mtc.tasks.model.MultitaskModel;

/**
 * Predicts every task of a {@link MultitaskModel} for texts, one encoder pass per batch. Each text
 * becomes
 *
 * <pre>
 * {"text": "...", "tasks": {
 *    "emotion":    {"label": "joy", "probs": {"anger": 0.01, ...}},          (single-label: argmax)
 *    "goemotions": {"labels": ["joy"], "probs": {"admiration": 0.02, ...}}  (multi-label: p >= threshold)
 * }}
 * </pre>
 *
 * as nested {@link LinkedHashMap}s (task and label order kept) that Jackson serialises as is; a
 * text given with a dialog context also carries {@code "context"}, and the model's tasks with a
 * context column read the pair ({@link MultitaskModel#probabilities(List)}: one more encoder pass
 * per batch). Works on any {@link Classifier} (a model directory or an exported graph). Thread-safe
 * when the classifier is.
 */
public final class Predictor {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  private final Classifier classifier;
  private final int batchSize;

  /** Predicts with {@code model} (not closed by this predictor) in batches of {@code batchSize}. */
  public Predictor(MultitaskModel model, int batchSize) {
    this(new TrainedClassifier(model, batchSize), batchSize);
  }

  /**
   * Predicts with {@code classifier} (not closed by this predictor); lines are answered in batches.
   */
  public Predictor(Classifier classifier, int batchSize) {
    if (batchSize <= 0) {
      throw new MtcException("prediction batch size must be positive, got " + batchSize);
    }
    this.classifier = classifier;
    this.batchSize = batchSize;
  }

  /** One prediction per input (a text read with its context, if any), in order. */
  public List<Map<String, Object>> predict(List<Input> inputs) {
    List<Map<String, Object>> out = new ArrayList<>(inputs.size());
    for (Prediction p : classifier.predict(inputs)) {
      out.add(row(p));
    }
    return out;
  }

  /**
   * One prediction as the object {@code mtc predict} prints (the class comment shows it); {@code
   * mtc serve}'s {@code /predict} answers the same.
   */
  public static Map<String, Object> row(Prediction p) {
    Map<String, Object> tasks = new LinkedHashMap<>();
    p.tasks().forEach((task, answer) -> tasks.put(task, json(answer)));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("text", p.input().text());
    if (p.input().hasContext()) {
      row.put("context", p.input().context());
    }
    row.put("tasks", tasks);
    return row;
  }

  /** Writes one JSON object per input and line ({@code \n}); does not close {@code out}. */
  public void writeJsonLines(List<Input> inputs, Writer out) {
    try {
      for (Map<String, Object> row : predict(inputs)) {
        JSON.writeValue(out, row);
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write predictions: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one text per line from {@code in} and writes a JSON line per text to {@code out}, so
   * input of any length streams. A line may be plain text, or a JSON object {@code {"text": "...",
   * "context": "..."}} ({@code context} optional; see {@link #parseLine}). A batch is answered (and
   * {@code out} flushed) when it is full, or as soon as no more input is waiting: a program that
   * writes one line and waits for its answer gets it at once. Returns the number of texts.
   *
   * @throws org.mtc.core.MtcException naming the line when the input is not valid UTF-8
   */
  public long predictLines(Utf8LineReader in, Writer out) {
    long n = 0;
    try {
      List<Input> batch = new ArrayList<>(batchSize);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        batch.add(parseLine(line, in.source() + ":" + in.lineNumber()));
        if (batch.size() == batchSize || !in.ready()) {
          writeJsonLines(batch, out);
          n += batch.size();
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        writeJsonLines(batch, out);
        n += batch.size();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read texts: " + e.getMessage(), e);
    }
    return n;
  }

  /**
   * The input of one line: a line that is a JSON object gives its string {@code text} and optional
   * string {@code context} (absent or null: none); any other line (plain text, or text that merely
   * starts with a brace) is the text itself, without context.
   *
   * @throws MtcException naming {@code where} when a JSON object lacks a string {@code text} or has
   *     a non-string {@code context}
   */
  public static Input parseLine(String line, String where) {
    if (!line.startsWith("{")) {
      return Input.of(line);
    }
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      return Input.of(line); // not JSON: a text that starts with '{'
    }
    if (node == null || !node.isObject()) {
      return Input.of(line);
    }
    var text = node.get("text");
    if (text == null || !text.isTextual()) {
      throw new MtcException(
          where
              + ": a JSON line needs a string field \"text\" (and optionally \"context\"), "
              + "e.g. {\"text\": \"i love dogs\", \"context\": \"what pets do you like?\"}; found "
              + line);
    }
    var context = node.get("context");
    if (context != null && !context.isNull() && !context.isTextual()) {
      throw new MtcException(
          where + ": field \"context\" must be a string or null, found " + context);
    }
    return Input.withContext(
        context == null || context.isNull() ? "" : context.textValue(), text.textValue());
  }

  private static Map<String, Object> json(TaskPrediction answer) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (answer.kind().exactlyOneLabel()) {
      out.put("label", answer.label());
    } else {
      out.put("labels", answer.labels());
    }
    out.put("probs", answer.probabilities());
    return out;
  }
}
