package org.mtc.cli;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import org.mtc.onnx.importer.MiniLmImporter;

/**
 * Finds the backbone directory a command uses: the --backbone option, else {@code mtc.backbone.directory}, else the
 * embedded all-MiniLM-L6-v2, imported on first use into the cache directory ({@code mtc.cache-dir},
 * {@code $MTC_CACHE_DIR}, else {@code ~/.cache/mtc}).
 */
final class DefaultBackbone {
  private DefaultBackbone() {
  }

  static Path resolve(Optional<Path> option, Config settings) {
    if (option.isPresent()) {
      return option.get();
    }
    if (!settings.getIsNull("mtc.backbone.directory")) {
      return Path.of(settings.getString("mtc.backbone.directory"));
    }
    Path cache = cacheDir(settings);
    Path dir = cache.resolve(MiniLmImporter.DIRECTORY_NAME);
    if (!java.nio.file.Files.isDirectory(dir)) {
      System.err.println("mtc: no backbone given; importing the embedded all-MiniLM-L6-v2 into " + dir
          + " (once)");
    }
    return MiniLmImporter.defaultBackbone(cache);
  }

  static Path cacheDir(Config settings) {
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
