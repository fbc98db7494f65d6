package org.mtc.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * bin/mtc runs {@code mtc annotate --spark} on the command line's class path (with slf4j-simple)
 * plus this module's {@code target/classpath.txt}: a second SLF4J provider there made SLF4J's
 * "multiple providers" warnings the first lines on stderr, before any mtc error, and handed Spark's
 * logging to Log4j 2 at INFO.
 */
class LauncherClassPathTest {
  private static final String PROVIDER = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

  @Test
  void theSparkClassPathBringsSparkButNoSlf4jProvider() throws IOException {
    Path file = Path.of("target", "classpath.txt");
    assertThat(file).as("written by maven-dependency-plugin before the tests").isRegularFile();
    List<String> entries = List.of(Files.readString(file).trim().split(File.pathSeparator));
    assertThat(entries).anyMatch(e -> e.contains("spark-core"));
    List<String> providers = new ArrayList<>();
    for (String entry : entries) {
      if (entry.endsWith(".jar")) {
        try (ZipFile jar = new ZipFile(entry)) {
          if (jar.getEntry(PROVIDER) != null) {
            providers.add(entry);
          }
        }
      } else if (Files.isRegularFile(Path.of(entry, PROVIDER))) {
        providers.add(entry);
      }
    }
    assertThat(providers).as("SLF4J providers on the spark class path").isEmpty();
  }
}
