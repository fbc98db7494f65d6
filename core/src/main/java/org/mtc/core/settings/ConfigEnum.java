package org.mtc.core.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mtc.core.MtcException;

/**
 * An enum whose constants are spelled in settings as their names in lower-case kebab case ({@code
 * MACRO_F1} is {@code macro-f1}), with the one parser that turns a setting's value back into a
 * constant or fails with the value, a "did you mean" and the list of values. Implemented by enums
 * only; constants are immutable and thread-safe.
 */
public interface ConfigEnum {
  /** The constant's Java name (every enum has it). */
  String name();

  /** The spelling used in settings, e.g. {@code macro-f1} for {@code MACRO_F1}. */
  default String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The constant of {@code type} spelled {@code value}.
   *
   * @param problem what is wrong when nothing matches, with its place, e.g. {@code "f.conf:3:
   *     unknown sampling 'x'"}; the message goes on with a "did you mean" and {@code "; use one of
   *     a, b, c"}
   * @throws MtcException when no constant is spelled {@code value}
   */
  static <E extends Enum<E> & ConfigEnum> E parse(Class<E> type, String value, String problem) {
    E[] constants = type.getEnumConstants();
    for (E e : constants) {
      if (e.configName().equals(value)) {
        return e;
      }
    }
    List<String> names = Arrays.stream(constants).map(ConfigEnum::configName).toList();
    throw new MtcException(
        problem
            + DidYouMean.suggest(String.valueOf(value), names)
            + "; use one of "
            + String.join(", ", names));
  }
}
