package org.mtc.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtc.core.MtcException;
import org.mtc.core.inject.Wiring;
import org.mtc.core.settings.Settings;

class BackboneCacheTest {
  @TempDir Path tmp;
  private final BackboneCache cache = Wiring.discover().get(BackboneCache.class);

  Config settings() {
    return Settings.load(
        List.of(), ConfigFactory.parseMap(Map.of("mtc.cache-dir", tmp.toString())));
  }

  @Test
  void anUnknownNameListsTheKnownOnesWithADidYouMean() {
    assertThatThrownBy(() -> cache.resolve("bge-smal", settings(), line -> {}))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("did you mean 'bge-small'")
        .hasMessageContaining("e5-small")
        .hasMessageContaining("minilm");
    assertThat(tmp).isEmptyDirectory();
  }

  @Test
  void minilmIsCachedUnderItsOldDirectoryNameAndAnIncompleteCopyIsReported() throws Exception {
    assertThat(cache.isCached("minilm", settings())).isFalse();
    Path old = Files.createDirectories(tmp.resolve("all-minilm-l6-v2"));
    for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
      Files.writeString(old.resolve(f), "{}");
    }
    assertThat(cache.isCached("minilm", settings())).isTrue();
    assertThat(cache.resolve("all-minilm-l6-v2", settings(), line -> {})).isEqualTo(old);
    Files.createDirectories(tmp.resolve("e5-small"))
        .resolve("config.json")
        .toFile()
        .createNewFile();
    assertThat(cache.isCached("e5-small", settings())).isFalse();
    assertThatThrownBy(() -> cache.resolve("e5-small", settings(), line -> {}))
        .isInstanceOf(MtcException.class)
        .hasMessageContaining("is incomplete")
        .hasMessageContaining("delete it");
  }
}
