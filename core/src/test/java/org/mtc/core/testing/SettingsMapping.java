package org.mtc.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.mtc.core.settings.Settings;

/**
 * Airlift's {@code assertFullMapping} idea for Typesafe Config: runs a settings reader on the
 * merged {@code reference.conf} wrapped in a recording {@link Config}, and fails listing every key
 * of a section that the reader never looked at ({@code get*}, {@code hasPath*} or {@code getIsNull}
 * on that key or one below it). A key that nobody reads is a setting that silently does nothing.
 * Not thread-safe; one recording per call.
 */
public final class SettingsMapping {
  private SettingsMapping() {}

  /**
   * Fails unless {@code reader}, given the merged reference settings, reads every leaf key under
   * {@code section} (e.g. {@code mtc.train}).
   */
  public static void assertEveryKeyRead(String section, Consumer<Config> reader) {
    Config reference = Settings.reference();
    assertThat(reference.hasPath(section)).as("reference.conf has a section " + section).isTrue();
    Set<String> read = new TreeSet<>();
    reader.accept(recording(reference, "", read));
    List<String> unread = new ArrayList<>();
    for (String key : leaves(reference.getObject(section), section)) {
      if (!read.contains(key)) {
        unread.add(key);
      }
    }
    assertThat(unread)
        .as(
            "keys of "
                + section
                + " in reference.conf that the settings reader never reads "
                + "(read: "
                + read
                + ")")
        .isEmpty();
  }

  /**
   * Every leaf path under {@code object}, null values included ({@code Config.entrySet} leaves
   * those out).
   */
  static List<String> leaves(ConfigObject object, String prefix) {
    List<String> out = new ArrayList<>();
    for (var e : object.entrySet()) {
      String path =
          prefix + "." + ConfigUtil.quoteString(e.getKey()).replaceAll("^\"([\\w-]+)\"$", "$1");
      ConfigValue v = e.getValue();
      if (v instanceof ConfigObject child) {
        out.addAll(leaves(child, path));
      } else {
        out.add(path);
      }
    }
    return out;
  }

  private static Config recording(Config delegate, String prefix, Set<String> read) {
    return (Config)
        Proxy.newProxyInstance(
            Config.class.getClassLoader(),
            new Class<?>[] {Config.class},
            (proxy, method, args) -> {
              String name = method.getName();
              boolean pathArgument =
                  args != null
                      && args.length >= 1
                      && args[0] instanceof String
                      && (name.startsWith("get") || name.startsWith("hasPath"));
              if (pathArgument) {
                read.add(prefix + args[0]);
              }
              Object result;
              try {
                result = method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (pathArgument && name.equals("getConfig")) {
                return recording((Config) result, prefix + args[0] + ".", read);
              }
              return result;
            });
  }
}
