package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.task.TaskSpec;
import org.mtc.tasks.data.Example;
import org.mtc.tasks.data.TaskDataLoader;

/**
 * Every TSV reader of mtc is configured in one place ({@link org.mtc.tasks.data.Tsv}), so one file
 * with quoted cells (tabs, doubled quotes, a line break), a byte order mark, CRLF and blank lines
 * reads the same as task data, as annotate input and as predict input, and what annotate writes
 * reads back into the same cells.
 */
class TsvReadersTest {
  static final String FILE =
      "\uFEFFtext\tlabel\tcontext\r\n"
          + "plain\ta\t\r\n"
          + "\"with\ttab and \"\"quotes\"\"\"\tb\tprev\r\n"
          + "\r\n"
          + "\"two\nlines\"\ta\t\"what\tnow?\"\r\n"
          + "  kept as is  \tb\t\n";
  static final List<Input> INPUTS =
      List.of(
          Input.of("plain"),
          Input.withContext("prev", "with\ttab and \"quotes\""),
          Input.withContext("what\tnow?", "two\nlines"),
          Input.of("  kept as is  "));
  static final List<Long> LINES = List.of(2L, 3L, 5L, 7L);
  @TempDir Path dir;

  @Test
  void taskDataAnnotateAndPredictReadOneFileAlike() throws Exception {
    Path file = Files.writeString(dir.resolve("train.tsv"), FILE);
    TaskSpec spec =
        new TaskSpec(
            "t",
            TaskKind.SINGLE_LABEL,
            dir.toString(),
            "train",
            "dev",
            "test",
            "auto",
            "text",
            "context",
            "label",
            "|",
            List.of(),
            "tasks.conf:1",
            List.of());
    List<Example> examples =
        TaskDataLoader.load(spec, dir, Optional.empty(), Set.of("train"), 0, 1).split("train");
    assertThat(examples).extracting(Example::input).containsExactlyElementsOf(INPUTS);
    assertThat(examples)
        .extracting(Example::where)
        .containsExactlyElementsOf(LINES.stream().map(l -> file + ":" + l).toList());
    assertThat(annotateRows(file))
        .extracting(r -> Input.withContext(r.context(), r.text()))
        .containsExactlyElementsOf(INPUTS);
    assertThat(annotateRows(file))
        .extracting(CorpusReader.Row::line)
        .containsExactlyElementsOf(LINES);
    assertThat(PredictCommand.readInputs(file, "text", "context"))
        .containsExactlyElementsOf(INPUTS);
  }

  @Test
  void whatAnnotateWritesReadsBackIntoTheSameCells() throws Exception {
    Path in = Files.writeString(dir.resolve("in.tsv"), FILE);
    Path out = dir.resolve("out.tsv");
    List<CorpusReader.Row> rows = annotateRows(in);
    try (AnnotationWriter w =
        AnnotationWriter.open("tsv", out, List.of("text", "label", "context"), List.of())) {
      rows.forEach(r -> w.write(r, null, "no text"));
    }
    List<CorpusReader.Row> back = annotateRows(out);
    assertThat(back)
        .extracting(CorpusReader.Row::text)
        .containsExactlyElementsOf(Input.texts(INPUTS));
    assertThat(back)
        .extracting(CorpusReader.Row::context)
        .containsExactlyElementsOf(INPUTS.stream().map(Input::context).toList());
    assertThat(back).allSatisfy(r -> assertThat(r.columns()).containsEntry("error", "no text"));
  }

  @Test
  void aRaggedRowAfterABlankLineIsNamedByItsOwnLine() throws Exception {
    Path file = Files.writeString(dir.resolve("ragged.tsv"), "id\ttext\n1\tfine\n\n\n2\n");
    assertThatThrownBy(() -> annotateRows(file))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("ragged.tsv:5: row has 1 cells but the header has 2");
  }

  private static List<CorpusReader.Row> annotateRows(Path file) {
    List<CorpusReader.Row> rows = new ArrayList<>();
    try (CorpusReader in = CorpusReader.open(file, "text", "context", false)) {
      for (CorpusReader.Row row = in.next(); row != null; row = in.next()) {
        rows.add(row);
      }
    }
    return rows;
  }
}
