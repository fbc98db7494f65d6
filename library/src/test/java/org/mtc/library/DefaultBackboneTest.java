package org.mtc.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.inject.Wiring;
import org.mtc.core.settings.Settings;

class DefaultBackboneTest {
  @TempDir Path tmp;
  private final DefaultBackbone backbone = Wiring.discover().get(DefaultBackbone.class);

  private static Config settings(String key, Object value) {
    Config reference = Settings.reference();
    return key == null ? reference : reference.withValue(key, ConfigValueFactory.fromAnyRef(value));
  }

  @Test
  void theGivenDirectoryWinsOverTheSetting() {
    List<String> notices = new ArrayList<>();
    Path given = tmp.resolve("given");
    assertThat(
            backbone.resolve(
                Optional.of(given), settings("mtc.backbone.directory", "elsewhere"), notices::add))
        .isEqualTo(given);
    assertThat(
            backbone.resolve(
                Optional.empty(), settings("mtc.backbone.directory", "elsewhere"), notices::add))
        .isEqualTo(Path.of("elsewhere"));
    assertThat(notices).isEmpty();
  }

  @Test
  void withoutEitherTheEmbeddedMiniLmIsImportedIntoTheCacheOnceWithOneNotice() {
    Path cache = tmp.resolve("cache");
    Config s = settings("mtc.cache-dir", cache.toString());
    assertThat(DefaultBackbone.cacheDir(s)).isEqualTo(cache);
    List<String> notices = new ArrayList<>();
    Path dir = backbone.resolve(Optional.empty(), s, notices::add);
    assertThat(dir).isEqualTo(cache.resolve("all-minilm-l6-v2"));
    assertThat(Files.isRegularFile(dir.resolve("model.safetensors"))).isTrue();
    assertThat(backbone.resolve(Optional.empty(), s, notices::add)).isEqualTo(dir);
    assertThat(notices)
        .singleElement()
        .asString()
        .contains("importing the embedded all-MiniLM-L6-v2 into " + dir);
  }
}
