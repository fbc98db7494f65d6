package org.mtc.tasks.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {
  @TempDir Path tmp;

  @Test
  void aResumedRunWhoseTrainLogWasDeletedStartsANewOneInsteadOfFailing() throws Exception {
    Files.createDirectories(tmp.resolve("run"));
    RunFiles files =
        new RunFiles(
            tmp.resolve("run"),
            List.of(Map.of("round", 1, "improved", true), Map.of("round", 2, "improved", false)));
    files.line("resumed from somewhere");
    assertThat(tmp.resolve("run/train.log")).hasContent("resumed from somewhere");
    files.round(RunFiles.newNode().put("round", 3).put("improved", false), false);
    var metrics = new ObjectMapper().readTree(tmp.resolve("run/metrics.json").toFile());
    assertThat(metrics.path("rounds")).hasSize(3);
    assertThat(metrics.path("best").path("round").asInt())
        .as("the best of the earlier rounds")
        .isEqualTo(1);
  }

  @Test
  void aNewRunStartsAnEmptyLogAndAppendsLineByLine() {
    RunFiles files = new RunFiles(tmp.resolve("new"));
    files.line("a");
    files.line("b");
    assertThat(tmp.resolve("new/train.log")).hasContent("a\nb");
  }
}
