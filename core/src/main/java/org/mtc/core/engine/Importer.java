package org.mtc.core.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One way of making a Hugging Face layout backbone directory ({@code config.json}, {@code
 * model.safetensors}, {@code tokenizer.json}), bound by the {@link org.mtc.core.inject.MtcModule}
 * of the module that ships the weights or the code ({@code bindImporter}): {@code minilm}, {@code
 * bge-small} and {@code e5-small} (backbone-onnx), {@code bert-base} and {@code distilbert}
 * (backbone-tf). {@code mtc import NAME} runs one; {@link Importers} lists and selects them.
 * Implementations are stateless and thread-safe, are constructed by Guice (a no-argument or an
 * {@code @Inject} constructor), and build the directory beside its target and rename it into place.
 */
public interface Importer {
  /** The name users pass to {@code mtc import} (lower case, e.g. {@code minilm}). */
  String name();

  /** Other names accepted for the same import (e.g. {@code all-minilm-l6-v2}); none by default. */
  default List<String> aliases() {
    return List.of();
  }

  /** One line for listings: what the weights are and where they come from. */
  String description();

  /**
   * What {@link ImportRequest#from} must name when the import derives from an existing directory
   * (e.g. "a BERT directory; make one with ..."), or empty when it imports weights shipped on the
   * classpath and takes no source.
   */
  default Optional<String> source() {
    return Optional.empty();
  }

  /**
   * The model card's facts (source, size, pooling, licence) for listings; empty when the importer
   * states none.
   */
  default Optional<BackboneCard> card() {
    return Optional.empty();
  }

  /**
   * The directory name of this backbone inside the cache directory ({@code mtc.cache-dir}); the
   * name by default. An importer keeps an older name here so that caches made before it was renamed
   * are still found.
   */
  default String cacheName() {
    return name();
  }

  /**
   * The name of the importer whose directory this one needs as {@link ImportRequest#from} (e.g.
   * {@code distilbert} needs {@code bert-base}), or empty. Lets a cache import prerequisites first.
   */
  default Optional<String> prerequisite() {
    return Optional.empty();
  }

  /**
   * Writes the backbone directory {@code request.out()}.
   *
   * @return the directory written
   * @throws org.mtc.core.MtcException if the target is not empty and overwriting is off, the source
   *     is missing or unsuitable, or the weights cannot be read
   */
  Path importTo(ImportRequest request);
}
