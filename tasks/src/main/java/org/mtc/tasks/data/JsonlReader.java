package org.mtc.tasks.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mtc.core.MtcException;
import org.mtc.core.settings.DidYouMean;
import org.mtc.core.task.TaskSpec;

/**
 * Reads JSON Lines split files: one JSON object per line, UTF-8, blank lines skipped. The text
 * field must be a string (kept exactly as is, may be empty). The label field is a string or number
 * for a single-label task; for a multi-label task a JSON array of labels, or a string of labels
 * joined by the task's separator, or {@code null} (no label). Stateless and thread-safe.
 */
final class JsonlReader {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonlReader() {}

  static List<RawRow> read(Path file, TaskSpec spec) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    long line = 0;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16)) {
      List<RawRow> rows = new ArrayList<>();
      String s;
      while ((s = in.readLine()) != null) {
        line++;
        if (line == 1 && s.startsWith("\uFEFF")) {
          s = s.substring(1);
        }
        if (s.isBlank()) {
          continue;
        }
        String where = file + ":" + line;
        JsonNode node = object(s, spec, where);
        rows.add(
            new RawRow(
                text(node, spec, where),
                labels(node, spec, where),
                line,
                context(node, spec, where)));
      }
      return rows;
    } catch (NoSuchFileException e) {
      throw new MtcException(file + ": no such file", e);
    } catch (CharacterCodingException e) {
      throw Utf8Files.notUtf8(file, e);
    } catch (FileSystemException e) {
      throw new MtcException(file + ": cannot read the file: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MtcException(file + ":" + line + ": cannot read the file: " + e, e);
    }
  }

  /** The line {@code s} parsed as one JSON object. */
  private static JsonNode object(String s, TaskSpec spec, String where) {
    JsonNode node;
    try {
      node = JSON.readTree(s);
    } catch (JsonProcessingException e) {
      throw new MtcException(
          where
              + ": malformed JSON: "
              + e.getOriginalMessage()
              + "; each line must be one complete JSON object such as {\""
              + spec.textColumn()
              + "\": \"...\", \""
              + spec.labelColumn()
              + "\": ...}",
          e);
    }
    if (!node.isObject()) {
      throw new MtcException(
          where
              + ": expected a JSON object, found "
              + node.getNodeType().name().toLowerCase(Locale.ROOT)
              + "; each line must be one JSON object such as {\""
              + spec.textColumn()
              + "\": \"...\"}");
    }
    return node;
  }

  private static String text(JsonNode node, TaskSpec spec, String where) {
    JsonNode text = field(node, spec.textColumn(), "text-column", spec, where);
    if (!text.isTextual()) {
      throw new MtcException(
          where
              + ": field '"
              + spec.textColumn()
              + "' must be a string, found "
              + text.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return text.textValue();
  }

  /**
   * The context field: a string, or null for none; {@code ""} when the task has no context column.
   */
  private static String context(JsonNode node, TaskSpec spec, String where) {
    if (!spec.hasContext()) {
      return "";
    }
    JsonNode context = field(node, spec.contextColumn(), "context-column", spec, where);
    if (context.isNull()) {
      return "";
    }
    if (!context.isTextual()) {
      throw new MtcException(
          where
              + ": field '"
              + spec.contextColumn()
              + "' (the context of task '"
              + spec.name()
              + "') must be a string or null, found "
              + context.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return context.textValue();
  }

  private static List<String> labels(JsonNode node, TaskSpec spec, String where) {
    JsonNode label = field(node, spec.labelColumn(), "label-column", spec, where);
    if (spec.kind().exactlyOneLabel()) {
      if (label.isArray() && label.size() == 1) {
        label = label.get(0);
      }
      if (label.isNull()) {
        throw LabelCells.emptyLabel(spec, where);
      }
      if (!label.isValueNode()) {
        throw new MtcException(
            where
                + ": field '"
                + spec.labelColumn()
                + "' of "
                + spec.kind().configName()
                + " task '"
                + spec.name()
                + "' must be one label (a string), found "
                + label);
      }
      return LabelCells.parse(label.asText(), spec, where);
    }
    if (label.isNull()) {
      return List.of();
    }
    if (label.isArray()) {
      List<String> values = new ArrayList<>(label.size());
      for (JsonNode v : label) {
        if (!v.isValueNode() || v.isNull()) {
          throw new MtcException(
              where
                  + ": field '"
                  + spec.labelColumn()
                  + "' must be an array of label strings, found "
                  + label);
        }
        values.add(v.asText());
      }
      return LabelCells.ofList(values);
    }
    if (!label.isValueNode()) {
      throw new MtcException(
          where
              + ": field '"
              + spec.labelColumn()
              + "' of multi-label task '"
              + spec.name()
              + "' must be an array of labels or a string of labels joined by '"
              + spec.labelSeparator()
              + "', found "
              + label);
    }
    return LabelCells.parse(label.asText(), spec, where);
  }

  private static JsonNode field(
      JsonNode node, String name, String setting, TaskSpec spec, String where) {
    JsonNode value = node.get(name);
    if (value == null) {
      List<String> present = new ArrayList<>();
      node.fieldNames().forEachRemaining(present::add);
      throw new MtcException(
          where
              + ": no field '"
              + name
              + "'"
              + suggestion(name, present)
              + " Fields present: "
              + String.join(", ", present)
              + ". Fix the line, or set "
              + setting
              + " = <field> in the entry of task '"
              + spec.name()
              + "' ("
              + spec.where()
              + ")");
    }
    return value;
  }

  private static String suggestion(String name, List<String> known) {
    String suggestion = DidYouMean.suggest(name, known);
    return suggestion.isEmpty() ? "." : suggestion;
  }
}
