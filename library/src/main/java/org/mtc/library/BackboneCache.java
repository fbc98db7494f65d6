package org.mtc.library;

import com.typesafe.config.Config;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.mtc.core.MtcException;
import org.mtc.core.engine.ImportRequest;
import org.mtc.core.engine.Importer;
import org.mtc.core.engine.Importers;
import org.mtc.core.io.StagedDirectory;
import org.mtc.core.model.HfBackboneDirectory;

/**
 * Importable backbones by name, imported once into the cache directory ({@link
 * DefaultBackbone#cacheDir}) on first use: {@code <cacheDir>/<name>} ({@code all-minilm-l6-v2} for
 * minilm, the name caches have always used). Prerequisites are imported first (distilbert is cut
 * from the cached bert-base). Stateless and thread-safe; concurrent first imports, even from
 * several processes, end with one complete directory (each stages its own copy and the first rename
 * wins). Made by the graph ({@link org.mtc.core.inject.Wiring}), which gives it the importers.
 */
public final class BackboneCache {
  private final Importers importers;

  /** A cache of what {@code importers} import. */
  @Inject
  public BackboneCache(Importers importers) {
    this.importers = importers;
  }

  /**
   * The cached backbone directory of importer {@code name} (or alias), imported now if absent.
   *
   * @param settings merged settings (reads {@code mtc.cache-dir})
   * @param notice told one line before each import (slow, once per cache)
   * @throws MtcException for an unknown name (listing the known ones), a failed import, or an
   *     incomplete cached directory (delete it to re-import)
   */
  public Path resolve(String name, Config settings, Consumer<String> notice) {
    Importer importer = importers.find(name);
    Path target = directory(importer, settings);
    if (complete(target)) {
      return target;
    }
    if (StagedDirectory.nonEmpty(target)) {
      throw new MtcException(
          "cached backbone "
              + target
              + " is incomplete (needs config.json, model.safetensors "
              + "and tokenizer.json); delete it and mtc re-imports "
              + importer.name()
              + " on the next run");
    }
    Optional<Path> from = importer.prerequisite().map(p -> resolve(p, settings, notice));
    notice.accept("importing " + importer.name() + " into " + target + " (once)");
    try (StagedDirectory staged = StagedDirectory.beside(target)) {
      importer.importTo(new ImportRequest(staged.path(), from, false));
      if (!staged.publishIfAbsent() && !complete(target)) {
        throw new MtcException(
            "another process left " + target + " incomplete; delete it and run again");
      }
    }
    return target;
  }

  /**
   * Whether importer {@code name}'s backbone is in the cache, complete.
   *
   * @throws MtcException for an unknown name
   */
  public boolean isCached(String name, Config settings) {
    return complete(directory(importers.find(name), settings));
  }

  private static Path directory(Importer importer, Config settings) {
    return DefaultBackbone.cacheDir(settings).resolve(importer.cacheName());
  }

  private static boolean complete(Path dir) {
    return Files.isRegularFile(dir.resolve(HfBackboneDirectory.CONFIG))
        && Files.isRegularFile(dir.resolve(HfBackboneDirectory.WEIGHTS))
        && Files.isRegularFile(dir.resolve(HfBackboneDirectory.TOKENIZER));
  }
}
