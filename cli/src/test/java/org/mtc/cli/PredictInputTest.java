package org.mtc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.Input;

/** {@code mtc predict --input FILE.tsv}: the optional context column. */
class PredictInputTest {
  @TempDir Path dir;

  @Test
  void aTsvContextColumnIsReadWhenPresentAndEmptyOtherwise() throws Exception {
    Path with =
        Files.writeString(
            dir.resolve("with.tsv"), "text\tcontext\ni have a dog\twhat pets?\nhello\t\n");
    assertThat(PredictCommand.readInputs(with, "text", "context"))
        .containsExactly(Input.withContext("what pets?", "i have a dog"), Input.of("hello"));
    Path without = Files.writeString(dir.resolve("without.tsv"), "text\nhello\n");
    assertThat(PredictCommand.readInputs(without, "text", "context"))
        .containsExactly(Input.of("hello"));
  }
}
