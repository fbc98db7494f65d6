package org.mtc.core.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.mtc.core.Pooling;
import org.mtc.core.model.EncoderConfig;
import org.mtc.core.model.EncoderLayout;

/**
 * The static facts of one importable backbone, as its model card states them, for listings such as
 * {@code mtc import --list}: where the weights come from, their size, the pooling the card
 * prescribes and the licence. Immutable.
 *
 * @param name the importer name ({@code mtc import NAME})
 * @param source where the weights come from: a Maven coordinate {@code group:artifact:version}, or
 *     a note such as "cut from bert-base" for derived backbones
 * @param layers transformer layers
 * @param hidden hidden size, the width of the pooled vector {@code [batch, hidden]}
 * @param parameters encoder parameters (embeddings and layers, no pooler)
 * @param pooling the pooling the model card prescribes (CLS or MEAN)
 * @param licence SPDX identifier of the weights' licence
 */
public record BackboneCard(
    String name,
    String source,
    int layers,
    int hidden,
    long parameters,
    Pooling pooling,
    String licence) {
  public BackboneCard {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(licence, "licence");
  }

  /** A card whose layers, hidden size and parameter count are those of {@code config}. */
  public static BackboneCard of(
      String name, String source, EncoderConfig config, Pooling pooling, String licence) {
    long parameters =
        new EncoderLayout(config)
            .expectedShapes().values().stream()
                .mapToLong(shape -> Arrays.stream(shape).reduce(1L, (a, b) -> a * b))
                .sum();
    return new BackboneCard(
        name, source, config.numHiddenLayers(), config.hiddenSize(), parameters, pooling, licence);
  }

  /** Parameters in millions with one decimal, e.g. {@code 33.4M}. */
  public String parametersInMillions() {
    return String.format(Locale.ROOT, "%.1fM", parameters / 1e6);
  }
}
