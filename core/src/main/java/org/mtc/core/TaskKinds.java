package org.mtc.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.mtc.core.settings.DidYouMean;

/**
 * The task kinds on the classpath: the built-in {@link TaskKind#SINGLE_LABEL} and {@link
 * TaskKind#MULTI_LABEL}, then every kind named in a {@code META-INF/services/org.mtc.core.TaskKind}
 * file (found by {@link ServiceLoader} like engines and importers), one instance each, looked up by
 * {@link TaskKind#configName()}. Loaded once; immutable and thread-safe.
 */
public final class TaskKinds {
  /** The kinds by name, loaded on first use. */
  private static volatile Map<String, TaskKind> loaded;

  private TaskKinds() {}

  /** Every kind, built-ins first. */
  public static List<TaskKind> all() {
    return List.copyOf(registry().values());
  }

  /**
   * The kind spelled {@code value} in a task set.
   *
   * @param where file:line and key, which start the error message
   * @throws MtcException naming the place and the value, with a "did you mean" and the kinds there
   *     are
   */
  public static TaskKind parse(String value, String where) {
    Map<String, TaskKind> kinds = registry();
    TaskKind kind = kinds.get(value);
    if (kind == null) {
      throw new MtcException(
          where
              + ": unknown task kind '"
              + value
              + "'"
              + DidYouMean.suggest(String.valueOf(value), kinds.keySet())
              + "; use one of "
              + String.join(", ", kinds.keySet()));
    }
    return kind;
  }

  /**
   * The kind's name as a Java constant ({@code MULTI_LABEL}), as outcome files and resumable
   * checkpoints write it (they were written when the kinds were an enum).
   */
  public static String constantName(TaskKind kind) {
    return kind.configName().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The kind written as {@link #constantName} (or as its {@link TaskKind#configName()}).
   *
   * @param where what was read, which starts the error message
   */
  public static TaskKind fromConstantName(String value, String where) {
    return parse(String.valueOf(value).toLowerCase(Locale.ROOT).replace('_', '-'), where);
  }

  /**
   * The registry; a failure to load it (a bad services file, two kinds of one name) is thrown on
   * every use.
   */
  private static Map<String, TaskKind> registry() {
    Map<String, TaskKind> kinds = loaded;
    if (kinds == null) {
      synchronized (TaskKinds.class) {
        if (loaded == null) {
          loaded = byName(discovered());
        }
        kinds = loaded;
      }
    }
    return kinds;
  }

  /** Built-ins and the kinds {@link ServiceLoader} finds. */
  private static List<TaskKind> discovered() {
    List<TaskKind> all = new ArrayList<>(List.of(TaskKind.SINGLE_LABEL, TaskKind.MULTI_LABEL));
    try {
      ServiceLoader.load(TaskKind.class).forEach(all::add);
    } catch (ServiceConfigurationError e) {
      throw new MtcException(
          "cannot load the task kinds named in META-INF/services/org.mtc.core.TaskKind: "
              + e.getMessage()
              + "; a kind needs a public class with a public no-argument constructor",
          e);
    }
    return all;
  }

  /**
   * {@code kinds} by name.
   *
   * @throws MtcException when a name is not lower-case words joined by {@code -}, or two kinds
   *     share one
   */
  static Map<String, TaskKind> byName(List<TaskKind> kinds) {
    Map<String, TaskKind> out = new LinkedHashMap<>();
    for (TaskKind k : kinds) {
      String name = k.configName();
      if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
        throw new MtcException(
            "task kind "
                + k.getClass().getName()
                + " is named '"
                + name
                + "'; a kind's "
                + "configName() is lower-case words joined by '-', such as multi-label");
      }
      TaskKind earlier = out.putIfAbsent(name, k);
      if (earlier != null) {
        throw new MtcException(
            "two task kinds are named '"
                + name
                + "': "
                + earlier.getClass().getName()
                + " and "
                + k.getClass().getName()
                + "; remove one from META-INF/services/org.mtc.core.TaskKind or the class path");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Writes a kind in JSON as its {@link #constantName}. */
  public static final class JsonOut extends StdSerializer<TaskKind> {
    public JsonOut() {
      super(TaskKind.class);
    }

    @Override
    public void serialize(TaskKind kind, JsonGenerator json, SerializerProvider provider)
        throws IOException {
      json.writeString(constantName(kind));
    }
  }

  /** Reads a kind written by {@link JsonOut}. */
  public static final class JsonIn extends StdDeserializer<TaskKind> {
    public JsonIn() {
      super(TaskKind.class);
    }

    @Override
    public TaskKind deserialize(JsonParser json, DeserializationContext context)
        throws IOException {
      return fromConstantName(json.getValueAsString(), "task kind in JSON");
    }
  }
}
