package org.mtc.tf.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unpacked SavedModel does not outlive an import stopped by SIGTERM. */
class ExtractedCleanupTest {
  @TempDir Path tmp;

  @Test
  void aSigtermDeletesTheUnpackedSavedModel() throws Exception {
    Path unpacked = tmp.resolve(".bert-base-savedmodel-1");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName(),
                unpacked.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("unpacked");
      assertThat(unpacked.resolve("variables/variables.data")).exists();
      child.destroy(); // SIGTERM
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(unpacked).doesNotExist();
  }

  /** Holds an "unpacked SavedModel" open until it is stopped. */
  static final class Child {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      Files.createDirectories(dir.resolve("variables"));
      Files.writeString(dir.resolve("variables/variables.data"), "weights");
      try (EasyBertArtifact.Extracted extracted = new EasyBertArtifact.Extracted(dir)) {
        System.out.println("unpacked");
        System.out.flush();
        Thread.sleep(60_000);
      }
    }
  }
}
