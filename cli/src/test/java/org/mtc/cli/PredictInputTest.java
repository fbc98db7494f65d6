package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc predict --input FILE.tsv}: the optional context column. */
class PredictInputTest {
  @TempDir Path dir;

  @Test
  void aTsvContextColumnIsReadWhenPresentAndEmptyOtherwise() throws Exception {
    Path with = Files.writeString(dir.resolve("with.tsv"), "text\tcontext\ni have a dog\twhat pets?\nhello\t\n");
    List<String> contexts = new ArrayList<>();
    assertThat(PredictCommand.readTexts(with, "text", "context", contexts)).containsExactly("i have a dog", "hello");
    assertThat(contexts).containsExactly("what pets?", "");
    Path without = Files.writeString(dir.resolve("without.tsv"), "text\nhello\n");
    contexts.clear();
    assertThat(PredictCommand.readTexts(without, "text", "context", contexts)).containsExactly("hello");
    assertThat(contexts).containsExactly("");
  }
}
