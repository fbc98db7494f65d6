package org.mtc.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;

class DataDirectoryTest {
  @TempDir Path root;

  private Path dir(String name) throws IOException {
    return Files.createDirectories(root.resolve(name));
  }

  private static Config setting(Path p) {
    return ConfigFactory.parseString("mtc.data-dir = \"" + p + "\"");
  }

  @Test
  void precedenceIsOverrideSettingPropertyEnvThenWorkingDirectory() throws IOException {
    Path a = dir("a");
    Path b = dir("b");
    Path c = dir("c");
    Path d = dir("d");
    Path work = dir("proj/main");
    Path shared = dir("proj/shared/data");
    Config none = ConfigFactory.parseString("mtc.data-dir = null");
    assertThat(DataDirectory.resolve(setting(b), Optional.of(a), c.toString(), d.toString(), work))
        .isEqualTo(a);
    assertThat(
            DataDirectory.resolve(setting(b), Optional.empty(), c.toString(), d.toString(), work))
        .isEqualTo(b);
    assertThat(DataDirectory.resolve(none, Optional.empty(), c.toString(), d.toString(), work))
        .isEqualTo(c);
    assertThat(DataDirectory.resolve(none, Optional.empty(), null, d.toString(), work))
        .isEqualTo(d);
    assertThat(DataDirectory.resolve(none, Optional.empty(), null, null, work)).isEqualTo(shared);
    assertThat(
            DataDirectory.resolve(none, Optional.empty(), null, null, dir("proj/main/cli/target")))
        .isEqualTo(shared);
  }

  @Test
  void aSourceThatIsSetMustExistAndNothingFoundExplainsTheFix() throws IOException {
    Path missing = root.resolve("missing");
    assertThatThrownBy(
            () ->
                DataDirectory.resolve(
                    ConfigFactory.empty(), Optional.of(missing), null, null, root))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining(missing + " (from --data-dir");
    assertThatThrownBy(
            () ->
                DataDirectory.resolve(
                    ConfigFactory.empty(), Optional.empty(), null, missing.toString(), root))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("environment variable MTC_DATA_DIR");
    Path lonely = dir("x/y/z/w/v");
    assertThatThrownBy(
            () -> DataDirectory.resolve(ConfigFactory.empty(), Optional.empty(), null, "", lonely))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("--data-dir DIR")
        .hasMessageContaining("mtc.data-dir")
        .hasMessageContaining("MTC_DATA_DIR");
  }

  @Test
  void testsGetTheSharedDataThroughTheSystemProperty() {
    Path resolved = DataDirectory.resolve(ConfigFactory.empty(), Optional.empty());
    assertThat(resolved.resolve("emotion")).isDirectory();
  }
}
