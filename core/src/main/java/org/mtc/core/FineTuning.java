package org.mtc.core;

/**
 * Which encoder parameters training updates.
 *
 * @param trainableLayers how many of the top transformer layers train: {@link #ALL_LAYERS} for full fine-tuning
 *     (embeddings included), 0 for a frozen encoder (only heads train), k for the top k layers
 */
public record FineTuning(int trainableLayers) {
  public static final int ALL_LAYERS = Integer.MAX_VALUE;
  public static final FineTuning FULL = new FineTuning(ALL_LAYERS);
  public static final FineTuning FROZEN = new FineTuning(0);

  public FineTuning {
    if (trainableLayers < 0) {
      throw new MtcException("trainable-layers must be 'all', 0 (frozen) or a positive layer count, got "
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
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("all") || v.equals("full")) {
      return FULL;
    }
    if (v.equals("frozen") || v.equals("none")) {
      return FROZEN;
    }
    try {
      return new FineTuning(Integer.parseInt(v));
    } catch (NumberFormatException e) {
      throw new MtcException(where + ": trainable-layers '" + value
          + "' is not 'all', 'frozen' or a number of top layers");
    }
  }

  @Override
  public String toString() {
    return full() ? "all" : frozen() ? "frozen" : "top-" + trainableLayers;
  }
}
