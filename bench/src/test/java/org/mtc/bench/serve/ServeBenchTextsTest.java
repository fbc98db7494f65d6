package org.mtc.bench.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;

/**
 * {@code mtc bench serve --texts} reads a TSV file as every other TSV reader of mtc does
 * (org.mtc.tasks.data.Tsv).
 */
class ServeBenchTextsTest {
  @TempDir Path dir;

  @Test
  void quotedCellsAByteOrderMarkAndBlankLinesReadAsTheTaskDataReaderReadsThem() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("texts.tsv"),
            "\uFEFFlabel\ttext\r\n"
                + "a\tplain\r\n"
                + "b\t\"with\ttab and \"\"quotes\"\"\"\r\n"
                + "\r\n"
                + "a\t\"two\nlines\"\r\n"
                + "b\t   \n"
                + "a\t  kept as is  \n");
    assertThat(ServeBenchRun.readTexts(file, 100))
        .containsExactly("plain", "with\ttab and \"quotes\"", "two\nlines", "  kept as is  ");
    assertThat(ServeBenchRun.readTexts(file, 2))
        .containsExactly("plain", "with\ttab and \"quotes\"");
  }

  @Test
  void aMalformedRowIsOneLineNamingTheFileAndLine() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.tsv"), "text\nok\n\"bad\"x\n");
    assertThatThrownBy(() -> ServeBenchRun.readTexts(file, 100))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("bad.tsv:3: malformed TSV row");
    Path none = Files.writeString(dir.resolve("none.tsv"), "label\ttxt\na\tb\n");
    assertThatThrownBy(() -> ServeBenchRun.readTexts(none, 100))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("none.tsv:1: no 'text' column");
  }
}
