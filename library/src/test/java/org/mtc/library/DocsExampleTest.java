package org.mtc.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/library.md shows exactly the code of {@link LibraryExample}, and that code runs on a trained
 * model.
 */
class DocsExampleTest {
  @Test
  void theDocumentedExampleIsTheCompiledOneAndItRuns() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "library.md"));
    String source =
        Files.readString(
            Path.of("src", "test", "java", "org", "mtc", "library", "LibraryExample.java"));
    String example =
        source.substring(
            source.indexOf("// example start") + "// example start".length(),
            source.indexOf("// example end"));
    List<String> docBlock =
        normalise(
            doc.substring(
                doc.indexOf("```java") + "```java".length(),
                doc.indexOf("```", doc.indexOf("```java") + 7)));
    assertThat(docBlock)
        .containsSubsequence(
            normalise(example).stream().filter(l -> !l.startsWith("return ")).toList());
    TrainedFixture.ensure();
    assertThat(LibraryExample.run(TrainedFixture.run)).matches("(good|bad) \\[.*\\] [0-9.E-]+ 2");
  }

  private static List<String> normalise(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
