package org.mtc.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.TaskKind;
import org.mtc.core.task.TaskSpec;

class ReadersTest {
  @TempDir Path dir;

  private List<RawRow> read(TaskSpec spec, String name, String content) {
    return TaskDataLoader.readRaw(spec, Specs.write(dir.resolve(name), content));
  }

  @Test
  void tsvHandlesQuotedCellsAndReportsTheLineEachRowStartsOn() {
    String tsv =
        "text\tlabel\tprev\n"
            + "plain\ta\t\n"
            + "\"with\ttab and \"\"quotes\"\"\"\tb\tctx\n"
            + "\"two\nlines\"\ta\t\n"
            + "\"\\\"\" dailydialog style``\"\tb\t\n"
            + "  kept as is  \ta\t\n"
            + "\ta\t\n"
            + "mid \"quote\" unquoted\tb\t\n";
    List<RawRow> rows = read(Specs.single("x"), "train.tsv", tsv);
    assertThat(rows)
        .extracting(RawRow::text)
        .containsExactly(
            "plain",
            "with\ttab and \"quotes\"",
            "two\nlines",
            "\\\" dailydialog style``",
            "  kept as is  ",
            "",
            "mid \"quote\" unquoted");
    assertThat(rows).extracting(RawRow::line).containsExactly(2L, 3L, 4L, 6L, 7L, 8L, 9L);
    assertThat(rows.get(1).labels()).containsExactly("b");
  }

  @Test
  void crlfBomAndBlankLinesAreHandled() {
    List<RawRow> rows =
        read(Specs.single("x"), "train.tsv", "\uFEFFtext\tlabel\r\nhello\ta\r\n\r\nbye \tb\r\n");
    assertThat(rows).extracting(RawRow::text).containsExactly("hello", "bye ");
    assertThat(rows).extracting(RawRow::line).containsExactly(2L, 4L);
  }

  @Test
  void csvReadsColumnsByNameWithQuotedCommas() {
    List<RawRow> rows =
        read(
            Specs.single("x"),
            "dev.csv",
            "id,label,text\n1,pos,\"good, really \"\"good\"\"\"\n2,neg,bad\n");
    assertThat(rows).extracting(RawRow::text).containsExactly("good, really \"good\"", "bad");
    assertThat(rows).extracting(r -> r.labels().get(0)).containsExactly("pos", "neg");
  }

  @Test
  void multiLabelCellsSplitOnTheSeparator() {
    List<RawRow> rows =
        read(Specs.multi("x"), "train.tsv", "text\tlabels\na\tx|y\nb\t\nc\t y | x |x\n");
    assertThat(rows)
        .extracting(RawRow::labels)
        .containsExactly(List.of("x", "y"), List.of(), List.of("y", "x"));
  }

  @Test
  void multiLabelCellsJoinedWithAnotherSeparatorAreAnErrorUnlessDeclared() {
    assertThatThrownBy(
            () -> read(Specs.multi("x"), "train.tsv", "text\tlabels\na\tx\nb\tanger,curiosity\n"))
        .hasMessageContaining("train.tsv:3")
        .hasMessageContaining("'anger,curiosity'")
        .hasMessageContaining("label-separator is '|'")
        .hasMessageContaining("label-separator = \",\"");
    assertThatThrownBy(() -> read(Specs.multi("x"), "train.tsv", "text\tlabels\na\tx; y\n"))
        .hasMessageContaining("contains ';'");
    List<RawRow> declared =
        read(Specs.multi("x", "x", "a,b"), "train.tsv", "text\tlabels\na\tx|a,b\n");
    assertThat(declared.get(0).labels()).containsExactly("x", "a,b");
  }

  @Test
  void jsonlAcceptsArraysJoinedStringsAndNull() {
    String jsonl =
        "{\"text\": \"one\", \"labels\": [\"x\", \"y\"]}\n"
            + "\n"
            + "{\"text\": \"\", \"labels\": \"y|z\"}\n"
            + "{\"labels\": null, \"text\": \"three\"}\n"
            + "{\"text\": \"four\", \"labels\": []}\n";
    List<RawRow> rows = read(Specs.multi("x"), "train.jsonl", jsonl);
    assertThat(rows).extracting(RawRow::text).containsExactly("one", "", "three", "four");
    assertThat(rows)
        .extracting(RawRow::labels)
        .containsExactly(List.of("x", "y"), List.of("y", "z"), List.of(), List.of());
    assertThat(rows).extracting(RawRow::line).containsExactly(1L, 3L, 4L, 5L);
    List<RawRow> single = read(Specs.single("x"), "s.jsonl", "{\"text\": \"a\", \"label\": 3}\n");
    assertThat(single.get(0).labels()).containsExactly("3");
  }

  @Test
  void missingFileIsAnError() {
    Path file = dir.resolve("nope.tsv");
    assertThatThrownBy(() -> TaskDataLoader.readRaw(Specs.single("x"), file))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(file + ": no such file");
    assertThatThrownBy(() -> TaskDataLoader.readRaw(Specs.single("x"), dir.resolve("nope.jsonl")))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("nope.jsonl: no such file");
  }

  @Test
  void headerWithoutTheLabelColumnListsColumnsAndSuggests() {
    assertThatThrownBy(() -> read(Specs.single("x"), "train.tsv", "text\tlabl\nhi\ta\n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("train.tsv:1: no column 'label'")
        .hasMessageContaining("did you mean 'labl'?")
        .hasMessageContaining("Columns present: text, labl")
        .hasMessageContaining("label-column")
        .hasMessageContaining(Specs.WHERE);
  }

  @Test
  void rowWithFewerCellsNamesItsLine() {
    assertThatThrownBy(
            () -> read(Specs.single("x"), "train.tsv", "text\tlabel\tctx\nok\ta\tc\nshort\ta\n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("train.tsv:3: row has 2 cells but the header has 3");
  }

  @Test
  void emptyLabelOnSingleLabelTaskIsAnErrorButEmptyTextIsNot() {
    assertThat(read(Specs.single("x"), "ok.tsv", "text\tlabel\n\ta\n")).hasSize(1);
    assertThatThrownBy(() -> read(Specs.single("x"), "train.tsv", "text\tlabel\nhi\ta\nthere\t \n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(
            "train.tsv:3: empty label in column 'label' of single-label task 't'");
    assertThatThrownBy(
            () -> read(Specs.single("x"), "train.jsonl", "{\"text\": \"a\", \"label\": null}\n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("train.jsonl:1: empty label");
  }

  @Test
  void malformedJsonNamesTheLine() {
    assertThatThrownBy(
            () ->
                read(
                    Specs.single("x"),
                    "train.jsonl",
                    "{\"text\": \"a\", \"label\": \"b\"}\n{\"text\": \"a\n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("train.jsonl:2: malformed JSON");
    assertThatThrownBy(() -> read(Specs.single("x"), "b.jsonl", "[1, 2]\n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("b.jsonl:1: expected a JSON object");
    assertThatThrownBy(
            () -> read(Specs.single("x"), "c.jsonl", "{\"txt\": \"a\", \"label\": \"b\"}\n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("c.jsonl:1: no field 'text'; did you mean 'txt'?");
  }

  @Test
  void brokenQuotingNamesTheLine() {
    assertThatThrownBy(
            () -> read(Specs.single("x"), "train.tsv", "text\tlabel\nok\ta\n\"bad\"x\ta\n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("train.tsv:3: malformed TSV row");
  }

  @Test
  void formatComesFromTheSpecOrTheExtension() {
    TaskSpec csv =
        new TaskSpec(
            "t",
            TaskKind.SINGLE_LABEL,
            "x",
            "train",
            "dev",
            "test",
            "csv",
            "text",
            "",
            "label",
            "|",
            List.of(),
            Specs.WHERE,
            List.of());
    assertThat(read(csv, "data.txt", "text,label\n\"a\tb\",c\n").get(0).text()).isEqualTo("a\tb");
    assertThatThrownBy(() -> read(Specs.single("x"), "data.txt", "text\tlabel\n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("cannot tell the format");
    TaskSpec bad =
        new TaskSpec(
            "t",
            TaskKind.SINGLE_LABEL,
            "x",
            "train",
            "dev",
            "test",
            "tvs",
            "text",
            "",
            "label",
            "|",
            List.of(),
            Specs.WHERE,
            List.of());
    assertThatThrownBy(() -> read(bad, "data.tsv", "text\tlabel\n"))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("did you mean 'tsv'?");
  }
}
