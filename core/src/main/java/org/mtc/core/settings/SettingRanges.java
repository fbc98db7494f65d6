package org.mtc.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mtc.core.MtcException;

/**
 * The allowed range of each numeric setting, checked when settings load so that a value such as
 * {@code mtc.backbone.dropout = 2} or a learning rate of {@code Infinity} is refused with its key,
 * its file:line and the range, before it reaches an engine.
 *
 * <p>Each module declares the ranges of its own keys next to its {@code reference.conf}, in a
 * resource named {@value #RESOURCE}: one quoted key per line with an interval, {@code
 * "mtc.train.batch-size" = "[1, inf) int"}. Brackets are inclusive, parentheses exclusive, {@code
 * inf} is unbounded, and the word {@code int} asks for a whole number. All resources of that name
 * on the class path are merged. Every bound must be finite or {@code inf}; NaN and infinite values
 * are always refused. A null value (where the reference allows one) is not checked. Stateless and
 * thread-safe.
 */
public final class SettingRanges {
  /** The resource each module ships its ranges in. */
  public static final String RESOURCE = "mtc-ranges.conf";

  private static final Pattern INTERVAL =
      Pattern.compile(
          "\\s*([\\[(])\\s*(-?inf|[-+0-9.eE]+)\\s*,\\s*(-?inf|[-+0-9.eE]+)\\s*([\\])])\\s*(int)?\\s*");

  private SettingRanges() {}

  /** One interval. */
  record Range(
      String text,
      double low,
      boolean lowIncluded,
      double high,
      boolean highIncluded,
      boolean whole) {
    static Range parse(String key, String text) {
      Matcher m = INTERVAL.matcher(text);
      if (!m.matches()) {
        throw new IllegalStateException(
            RESOURCE
                + ": range of '"
                + key
                + "' is '"
                + text
                + "'; expected e.g. "
                + "\"[0, 1)\" or \"[1, inf) int\"");
      }
      return new Range(
          text.trim(),
          bound(m.group(2)),
          m.group(1).equals("["),
          bound(m.group(3)),
          m.group(4).equals("]"),
          m.group(5) != null);
    }

    private static double bound(String s) {
      return s.endsWith("inf")
          ? (s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
          : Double.parseDouble(s);
    }

    boolean contains(double v) {
      if (!Double.isFinite(v)) {
        return false;
      }
      boolean aboveLow = lowIncluded ? v >= low : v > low;
      boolean belowHigh = highIncluded ? v <= high : v < high;
      return aboveLow && belowHigh && (!whole || v == Math.rint(v));
    }

    String describe() {
      return (whole ? "a whole number in " : "a number in ") + text.replace(" int", "");
    }
  }

  /** The declared ranges of every module on the class path. */
  static Map<String, Range> declared() {
    Config all =
        ConfigFactory.parseResourcesAnySyntax(SettingRanges.class.getClassLoader(), RESOURCE);
    Map<String, Range> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : all.root().entrySet()) {
      out.put(e.getKey(), Range.parse(e.getKey(), String.valueOf(e.getValue().unwrapped())));
    }
    return out;
  }

  /**
   * Checks the declarations themselves against {@code reference}: every ranged key exists there and
   * its default (when not null) lies in its range. For tests of each module set; throws {@link
   * IllegalStateException}.
   */
  public static void verifyDeclarations(Config reference) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Range> e : declared().entrySet()) {
      if (!reference.hasPathOrNull(e.getKey())) {
        problems.add(
            e.getKey() + " has a range in " + RESOURCE + " but no default in any reference.conf");
      } else if (!reference.getIsNull(e.getKey())
          && !e.getValue().contains(reference.getDouble(e.getKey()))) {
        problems.add(
            e.getKey()
                + ": the default "
                + reference.getValue(e.getKey()).unwrapped()
                + " is outside "
                + e.getValue().text());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("\n", problems));
    }
  }

  /**
   * Checks every setting of {@code merged} that has a declared range.
   *
   * @throws MtcException listing each value outside its range (or not a number) with its file:line
   */
  public static void check(Config merged) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Range> e : declared().entrySet()) {
      String key = e.getKey();
      if (!merged.hasPath(key)) {
        continue;
      }
      Range range = e.getValue();
      ConfigValue value = merged.getValue(key);
      double v;
      try {
        v =
            value.valueType() == ConfigValueType.STRING
                ? parse(merged.getString(key))
                : merged.getDouble(key);
      } catch (ConfigException | NumberFormatException ex) {
        v = Double.NaN;
      }
      if (!range.contains(v)) {
        problems.add(
            Settings.where(value.origin())
                + ": "
                + key
                + " = "
                + render(value)
                + " is out of range; it "
                + "must be "
                + range.describe()
                + " (for example "
                + example(merged, key)
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new MtcException(String.join("\n", problems));
    }
  }

  private static double parse(String s) {
    return Double.parseDouble(s.trim());
  }

  private static String render(ConfigValue value) {
    Object raw = value.unwrapped();
    return raw instanceof String ? "\"" + raw + "\"" : String.valueOf(raw);
  }

  private static String example(Config merged, String key) {
    Config reference = ConfigFactory.defaultReference(SettingRanges.class.getClassLoader());
    if (reference.hasPath(key)) {
      Object v = reference.getValue(key).unwrapped();
      return "the default " + (v instanceof Double d ? String.format(Locale.ROOT, "%s", d) : v);
    }
    return "the default";
  }
}
