package org.mtc.core.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import org.mtc.core.settings.Settings;

/**
 * Settings a user gave for another engine than the one a command runs: an engine reads only its own
 * subtree {@code mtc.backbone.<engine>} (e.g. {@code mtc.backbone.onnx.intra-op-threads}), so the
 * others do nothing there. Commands warn about them (a settings file may well hold every engine's).
 * Stateless.
 */
public final class OtherEngineSettings {
  private OtherEngineSettings() {}

  /**
   * The keys of {@code given} under another engine's subtree than {@code engine}'s, each as {@code
   * "KEY (where it was given)"}, sorted.
   *
   * @param given only what the user gave (settings files, {@code --set}, options), without the
   *     references
   * @param engine the engine the command runs
   */
  public static List<String> of(Config given, String engine) {
    Config reference = Settings.reference();
    List<String> out = new ArrayList<>();
    for (var e : given.entrySet()) {
      List<String> parts = ConfigUtil.splitPath(e.getKey());
      if (parts.size() < 4
          || !parts.get(0).equals("mtc")
          || !parts.get(1).equals("backbone")
          || parts.get(2).equals(engine)) {
        continue;
      }
      String subtree = ConfigUtil.joinPath(parts.subList(0, 3));
      if (reference.hasPath(subtree)
          && reference.getValue(subtree).valueType() == ConfigValueType.OBJECT) {
        out.add(e.getKey() + " (" + Settings.where(e.getValue().origin()) + ")");
      }
    }
    out.sort(null);
    return out;
  }

  /** One line saying why {@code keys} (from {@link #of}) do nothing on {@code engine}. */
  public static String message(List<String> keys, String engine) {
    return String.join(", ", keys)
        + (keys.size() == 1 ? " is a setting" : " are settings")
        + " of another "
        + "engine and "
        + (keys.size() == 1 ? "does" : "do")
        + " nothing here: this command runs the "
        + engine
        + " engine";
  }
}
