package org.mtc.core;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which encoder parameters training updates.
 *
 * @param trainableLayers how many of the top transformer layers train: {@link #ALL_LAYERS} for full
 *     fine-tuning (embeddings included), 0 for a frozen encoder (only heads train), k for the top k
 *     layers
 */
public record FineTuning(int trainableLayers) {
  public static final int ALL_LAYERS = Integer.MAX_VALUE;
  public static final FineTuning FULL = new FineTuning(ALL_LAYERS);
  public static final FineTuning FROZEN = new FineTuning(0);

  public FineTuning {
    if (trainableLayers < 0) {
      throw new MtcException(
          "trainable-layers must be 'all', 0 (frozen) or a positive layer count, got "
              + trainableLayers);
    }
  }

  public boolean frozen() {
    return trainableLayers == 0;
  }

  public boolean full() {
    return trainableLayers == ALL_LAYERS;
  }

  /** Parses {@code all}, {@code frozen}/{@code 0} or a layer count. */
  public static FineTuning parse(String value, String where) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("all") || v.equals("full")) {
      return FULL;
    }
    if (v.equals("frozen") || v.equals("none")) {
      return FROZEN;
    }
    try {
      return new FineTuning(Integer.parseInt(v));
    } catch (NumberFormatException e) {
      throw new MtcException(
          where
              + ": trainable-layers '"
              + value
              + "' is not 'all', 'frozen' or a number of top layers");
    }
  }

  /**
   * Refuses a layer count above the encoder's: training the top 99 layers of a 6-layer encoder
   * would silently train its 6 layers without the embeddings, which neither {@code all} nor {@code
   * 6} asks for in so many words.
   *
   * @param layers the encoder's transformer layers
   * @param where the setting's file and line (or origin), for the message
   * @param encoder the encoder's directory, for the message
   * @throws MtcException naming the value, the encoder's layer count and the valid choices
   */
  public void checkLayers(int layers, String where, Path encoder) {
    if (!full() && trainableLayers > layers) {
      throw new MtcException(
          where
              + ": trainable-layers "
              + trainableLayers
              + " is more than the "
              + layers
              + " layers of the encoder in "
              + encoder
              + "; choose all, frozen or 0.."
              + layers
              + " (--trainable-layers or mtc.backbone.trainable-layers)");
    }
  }

  @Override
  public String toString() {
    return full() ? "all" : frozen() ? "frozen" : "top-" + trainableLayers;
  }
}
