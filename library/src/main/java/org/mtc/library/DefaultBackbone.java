package org.mtc.library;

import com.typesafe.config.Config;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the backbone directory to train on: the one given (a {@code --backbone} option), else
 * {@code mtc.backbone.directory}, else the embedded all-MiniLM-L6-v2, imported on first use by
 * {@link BackboneCache} into the cache directory ({@code mtc.cache-dir}, {@code $MTC_CACHE_DIR},
 * else {@code ~/.cache/mtc}). The one copy of that rule for {@code mtc train} and {@code mtc
 * bench}, made by the graph ({@link org.mtc.core.inject.Wiring}). Stateless and thread-safe;
 * concurrent first imports, even from several processes, end with one complete directory.
 */
public final class DefaultBackbone {
  private final BackboneCache cache;

  /** The default backbone, imported by {@code cache} when needed. */
  @Inject
  public DefaultBackbone(BackboneCache cache) {
    this.cache = cache;
  }

  /**
   * The backbone directory.
   *
   * @param given the directory the caller was given, if any
   * @param settings merged settings (reads {@code mtc.backbone.directory} and {@code
   *     mtc.cache-dir})
   * @param notice told one line when the embedded model is about to be imported (slow, once per
   *     cache)
   * @throws org.mtc.core.MtcException if the cached copy exists but is incomplete (delete it to
   *     re-import)
   */
  public Path resolve(Optional<Path> given, Config settings, Consumer<String> notice) {
    if (given.isPresent()) {
      return given.get();
    }
    if (!settings.getIsNull("mtc.backbone.directory")) {
      return Path.of(settings.getString("mtc.backbone.directory"));
    }
    return cache.resolve(
        "minilm",
        settings,
        line ->
            notice.accept(
                "no backbone given; "
                    + line.replace("importing minilm", "importing the embedded all-MiniLM-L6-v2")));
  }

  /**
   * The cache directory: {@code mtc.cache-dir}, else {@code $MTC_CACHE_DIR}, else {@code
   * ~/.cache/mtc}.
   */
  public static Path cacheDir(Config settings) {
    if (!settings.getIsNull("mtc.cache-dir")) {
      return Path.of(settings.getString("mtc.cache-dir"));
    }
    String env = System.getenv("MTC_CACHE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "mtc");
  }
}
