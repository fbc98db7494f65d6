package org.mtc.bench.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;

class ReportFilesTest {
  record Report(String machine, double rate) {}

  @Test
  void writesTheJsonAndMarkdownPairIntoANewDirectory(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("out").resolve("nested");
    ReportFiles.write(new Report("box", 1.5), "| a |\n", dir, "engines", "the benchmark report");
    assertThat(Files.readString(dir.resolve("engines.md"))).isEqualTo("| a |\n");
    assertThat(Files.readString(dir.resolve("engines.json")))
        .contains("\"machine\" : \"box\"", "\"rate\" : 1.5");
  }

  @Test
  void aDirectoryThatCannotBeMadeIsNamedInTheError(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(
            () ->
                ReportFiles.write(
                    new Report("box", 1),
                    "",
                    file.resolve("sub"),
                    "contention",
                    "the contention report"))
        .isInstanceOf(MtcException.class)
        .hasMessageStartingWith("could not write the contention report to " + file.resolve("sub"));
  }
}
