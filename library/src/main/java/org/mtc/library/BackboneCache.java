package org.mtc.library;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.mtc.core.engine.ImportRequest;
import org.mtc.core.engine.Importer;
import org.mtc.core.engine.Importers;

/**
 * Imported backbones by name in the cache directory ({@link DefaultBackbone#cacheDir}): {@code <cache>/<name>},
 * imported on first use. Stateless and thread-safe.
 */
public final class BackboneCache {
  private BackboneCache() {
  }

  /**
   * The directory of backbone {@code name}, imported into the cache first if it is not there yet.
   *
   * @throws org.mtc.core.MtcException for an unknown name (with the known ones) or a failed import
   */
  public static Path resolve(String name, Config settings, Consumer<String> notice) {
    Importer importer = Importers.discover().find(name);
    Path dir = DefaultBackbone.cacheDir(settings).resolve(importer.name());
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Optional<Path> from = importer.source().isPresent()
        ? Optional.of(resolve("bert-base", settings, notice)) : Optional.empty();
    notice.accept("importing " + importer.name() + " into " + dir + " (once)");
    return importer.importTo(new ImportRequest(dir, from, false));
  }

  /** Whether backbone {@code name} is already in the cache. */
  public static boolean isCached(String name, Config settings) {
    return Files.isDirectory(DefaultBackbone.cacheDir(settings).resolve(Importers.discover().find(name).name()));
  }
}
