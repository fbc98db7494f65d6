package org.mtc.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.mtc.core.Input;

/**
 * mtc's own {@code POST /predict}: the inputs {@code mtc predict} reads (texts, or {@code {"text",
 * "context"}} objects), as one JSON list; the answers are the objects it prints ({@code
 * Predictor#row}). Stateless.
 */
final class PredictFormat {
  private PredictFormat() {}

  /**
   * {@code /predict}: a JSON list whose items are texts or {@code {"text": ..., "context": ...}}
   * objects.
   */
  static List<Input> request(JsonNode body) {
    if (!body.isArray()) {
      throw new HttpError(
          400,
          "the body of /predict must be a list of texts or {\"text\": ..., \"context\": ...} "
              + "objects, got "
              + DreamFormat.kind(body));
    }
    List<Input> out = new ArrayList<>(body.size());
    for (int i = 0; i < body.size(); i++) {
      JsonNode item = body.get(i);
      if (item.isTextual()) {
        out.add(Input.of(item.textValue()));
        continue;
      }
      JsonNode text = item.isObject() ? item.get("text") : null;
      if (text == null || !text.isTextual()) {
        throw new HttpError(
            400,
            "item ["
                + i
                + "] must be a string or an object with a string field 'text', got "
                + DreamFormat.kind(item));
      }
      JsonNode context = item.get("context");
      if (context != null && !context.isNull() && !context.isTextual()) {
        throw new HttpError(
            400,
            "item ["
                + i
                + "] field 'context' must be a string or null, got "
                + DreamFormat.kind(context));
      }
      out.add(
          Input.withContext(
              context == null ? null : context.textValue(), text.textValue())); // JSON null: none
    }
    return out;
  }
}
